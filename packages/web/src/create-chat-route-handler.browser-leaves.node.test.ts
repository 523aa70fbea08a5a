import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createChatRouteHandler } from './create-chat-route-handler.js';
import { Groq } from './index.js';
import { chatRequest, collect, eventually } from './test/relay-test-kit.js';

// A browser that leaves at the moments the other relay tests do not reach: after the headers, before a byte
// of the body was taken; and beside another browser's answer on the same client, which must not feel it.
// The mock's own counters say what happened upstream.
const model = 'llama-3.3-70b-versatile';
const prompt = 'Explain quantum computing';
const messages = [{ role: 'user', content: prompt }];
let mock: MockGroqServer;
let client: Groq;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey: 'gsk_test_secret', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(() => mock.resetStats());

describe('createChatRouteHandler: a browser that leaves', () => {
  // A first token 15 s away, beyond eventually's limit: an upstream let go only when the token came would fail.
  test.each([
    ['no heartbeats', 0],
    ['the default heartbeat', undefined],
  ])('a body cancelled unread, between the headers and the first token (%s), releases the upstream at once', async (_, heartbeatMs) => {
    const handler = createChatRouteHandler({ client, model, heartbeatMs, requestOptions: { headers: { 'x-mock-ttft-ms': '15000' } } });
    const response = await handler(chatRequest({ messages }));
    expect(response.status).toBe(200);
    expect(mock.stats().streamsStarted).toBe(1);
    // The runtime cancels the body when the browser goes away, whether or not it ever asked for a byte.
    await response.body!.cancel();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test('two handlers sharing one client: the browser that leaves releases its own upstream, the other gets its whole answer', async () => {
    const paced = createChatRouteHandler({ client, model, heartbeatMs: 0, requestOptions: { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '500' } } });
    const whole = createChatRouteHandler({ client, model, heartbeatMs: 0 });
    const leaving = new AbortController();
    const [left, stayed] = await Promise.all([paced(chatRequest({ messages }, { signal: leaving.signal })), whole(chatRequest({ messages }))]);
    // Both answers under way before one browser leaves.
    const leftReader = left.body!.getReader();
    await leftReader.read();
    const stayedReader = stayed.body!.getReader();
    const first = await stayedReader.read();
    expect(first.done).toBe(false);
    leaving.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    // The rest of the answer that stayed, read after the other browser left: each chunk in one event.
    const rest = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(first.value),
      pull: async (controller) => {
        const { done, value } = await stayedReader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    const { items, error } = await collect(new Response(rest));
    expect(error).toBeUndefined();
    expect(items.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(generateAnswerTokens(prompt).join(''));
    expect(mock.stats()).toMatchObject({ streamsStarted: 2, streamsAborted: 1, streamsCompleted: 1 });
  });
});
