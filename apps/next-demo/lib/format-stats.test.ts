import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { createChatRouteHandler, Groq } from '@groq-stream/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatStats } from './format-stats';
import { streamChat, type ChatStats } from './stream-chat';

let mock: MockGroqServer;

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens: 12 });
});
afterAll(() => mock.close());

/** The figures streamChat ends with for the mock's answer with `headers` (x-mock-*), through the real route handler. */
async function statsOf(headers: Record<string, string>): Promise<ChatStats> {
  const handler = createChatRouteHandler({ client: new Groq({ apiKey: 'test', baseURL: mock.url, maxRetries: 0 }), model: 'llama-3.3-70b-versatile', requestOptions: { headers } });
  return streamChat({
    endpoint: '/api/chat',
    messages: [{ role: 'user', content: 'Paris?' }],
    controller: new AbortController(),
    onText: () => undefined,
    fetch: (input, init) => handler(new Request(new URL(input, 'http://app.test'), init)),
  });
}

describe('formatStats', () => {
  test('an answer of tool calls only (no text: the page says it sent none) shows no token count, as the Express page', async () => {
    const stats = await statsOf({ 'x-mock-scenario': 'tool-calls' });
    expect(stats.finishReason).toBe('tool_calls');
    expect(formatStats(stats, false, false)).toBe('');
  });

  test('an answer of no tokens at all shows no "0 tokens"', async () => {
    expect(formatStats(await statsOf({ 'x-mock-tokens': '0' }), false, false)).toBe('');
  });

  test('a whole answer shows the time to its first token, the rate and the count of its tokens', async () => {
    expect(formatStats({ timeToFirstTokenMs: 300.4, tokens: 12, tokensPerSecond: 30, finishReason: 'stop', messagesLeftOut: 0 }, false, false)).toBe(
      'First token after 300 ms · 30.0 tokens/s · 12 tokens',
    );
  });

  test('Stop before the first token, an answer cut at the length limit and left-out turns are said without figures', () => {
    const none: ChatStats = { timeToFirstTokenMs: undefined, tokens: 0, tokensPerSecond: undefined, messagesLeftOut: 2 };
    expect(formatStats(none, false, true)).toBe('Stopped. Earlier turns were left out to fit the server’s limit.');
    expect(formatStats({ ...none, finishReason: 'length', messagesLeftOut: 0 }, false, false)).toBe('cut short at the length limit');
  });

  test('still waits for the first token while an answer of only a tool call streams, its figures come before any token', () => {
    const toolCall: ChatStats = { timeToFirstTokenMs: undefined, tokens: 7, tokensPerSecond: undefined, finishReason: 'tool_calls', messagesLeftOut: 0 };
    expect(formatStats(toolCall, true, false)).toBe('Waiting for the first token…');
  });
});
