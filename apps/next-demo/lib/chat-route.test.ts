import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { POST } from './chat-route';
import { describeChatError } from './describe-chat-error';
import { streamChat } from './stream-chat';

// The route handlers read GROQ_* at each request (lib/groq.ts). The browser tests (e2e/) always give the app
// a key; this is `next start` run by hand with GROQ_BASE_URL and no GROQ_API_KEY, which scripts/start.mjs
// would have replaced with a placeholder.

let mock: MockGroqServer;
beforeAll(async () => {
  mock = await createMockGroqServer();
});
afterAll(() => mock.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** The route as the page reaches it: streamChat's fetch answered by the handler itself. */
const routeFetch = (input: string, init: RequestInit): Promise<Response> => POST(new Request(new URL(input, 'http://127.0.0.1:3000'), init));

describe('the chat route without GROQ_API_KEY', () => {
  test('answers a JSON 500 the page shows as set-up trouble, sends nothing upstream, and the log says to set the key', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]): void => void lines.push(args.map(String).join(' '));
    vi.spyOn(console, 'warn').mockImplementation(record);
    vi.spyOn(console, 'error').mockImplementation(record);
    // Unset, never set: no key from the environment of the tests reaches the mock either.
    vi.stubEnv('GROQ_API_KEY', undefined);
    vi.stubEnv('GROQ_BASE_URL', mock.url);
    const error = await streamChat({ endpoint: '/api/chat', messages: [{ role: 'user', content: 'Hi' }], controller: new AbortController(), onText: () => undefined, fetch: routeFetch }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 500 });
    expect(describeChatError(error)).toBe('The server is not set up to use the AI service.');
    expect(mock.stats().requests).toBe(0);
    expect(lines.join('\n')).toMatch(/No Groq API key was given\..*GROQ_API_KEY/);
  });
});
