import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { describe, expect, test } from 'vitest';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { Groq as WebGroq } from '@groq-stream/web';
import { StreamServerError, type ClientOptions } from './index.js';
import { Groq } from './groq.js';

// A server that keeps the connection after `data: [DONE]` or after an error event: the body never ends, so
// only the client can let the connection go (SSE-CASES: "stop reading and release the connection at once, even
// if the server keeps it open"). The mock's `done-then-stall` and `error-then-stall` hold the stream so, and its
// counters say when the client closed it (`streamsReleased`). No idle timeout is set: a client that waits for the
// body's end, or keeps the connection, fails by the test's timeout.

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const held = (scenario: 'done-then-stall' | 'error-then-stall') => ({ headers: { 'x-mock-scenario': scenario, 'x-mock-tokens': '3' }, streamIdleTimeout: 0 });

const clients: [string, (options: ClientOptions) => Groq | WebGroq][] = [
  ['node:http (the default transport)', (options) => new Groq(options)],
  ["Node's fetch", (options) => new Groq({ ...options, fetch: (input, init) => fetch(input, init) })],
  ["web's client on Node's fetch", (options) => new WebGroq(options)],
];

describe.each(clients)('a stream from a server that holds the connection open, with %s', (_, makeClient) => {
  // A mock of each case's own: a connection let go late would be counted in the next case's counters.
  async function withMock(run: (mock: MockGroqServer, client: Groq | WebGroq) => Promise<void>): Promise<void> {
    const mock = await createMockGroqServer();
    try {
      await run(mock, makeClient({ apiKey, baseURL: mock.url, maxRetries: 0 }));
    } finally {
      await mock.close();
    }
  }

  test('after [DONE], the for-await loop ends with every token and the connection is released', () =>
    withMock(async (mock, client) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, held('done-then-stall'));
      const texts: string[] = [];
      let finishReason: string | null | undefined;
      for await (const chunk of stream) {
        texts.push(chunk.choices[0]?.delta.content ?? '');
        finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      }
      expect(texts.join('')).toBe('You asked:');
      expect(finishReason).toBe('stop');
      // Waited for without a bound of its own: the mock never ends the response, only the client's close does.
      await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
      expect(mock.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsCompleted: 1, streamsOpen: 0, streamsAborted: 0, streamsFailed: 0 });
    }));

  test("after an error event, the loop fails with the server's message after the chunks before it, and the connection is released", () =>
    withMock(async (mock, client) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, held('error-then-stall'));
      const texts: string[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
        })(),
      );
      expect(texts.join('')).toBe('You asked:');
      expect(error).toBeInstanceOf(StreamServerError);
      expect((error as StreamServerError).message).toContain('The server had an error while generating the response (mock scenario `mid-stream-error`)');
      expect((error as StreamServerError).requestId).toMatch(/^req_/);
      await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
      expect(mock.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsFailed: 1, streamsOpen: 0, streamsAborted: 0, streamsCompleted: 0 });
    }));
});
