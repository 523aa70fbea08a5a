import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { POST } from './chat-route';
import { describeChatError } from './describe-chat-error';
import { defaultModel } from './groq';
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

/**
 * The route as the page reaches it: streamChat's fetch answered by the handler itself, with the Host a
 * server's request carries (a Request made here has none, which the route refuses: refuse-foreign-request.ts).
 */
const routeFetch = (input: string, init: RequestInit): Promise<Response> => {
  const request = new Request(new URL(input, 'http://127.0.0.1:3000'), init);
  request.headers.set('host', '127.0.0.1:3000');
  return POST(request);
};

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

describe('the chat route with a GROQ_API_KEY no HTTP header can carry', () => {
  test('answers a JSON 500 the page shows as set-up trouble, sends nothing upstream, and the log names GROQ_API_KEY without quoting it', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]): void => void lines.push(args.map(String).join(' '));
    vi.spyOn(console, 'warn').mockImplementation(record);
    vi.spyOn(console, 'error').mockImplementation(record);
    vi.stubEnv('GROQ_API_KEY', 'gsk_Wq3secret\nZx9tail');
    vi.stubEnv('GROQ_BASE_URL', mock.url);
    mock.resetStats();
    const error = await streamChat({ endpoint: '/api/chat', messages: [{ role: 'user', content: 'Hi' }], controller: new AbortController(), onText: () => undefined, fetch: routeFetch }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 500 });
    expect(describeChatError(error)).toBe('The server is not set up to use the AI service.');
    expect(mock.stats().requests).toBe(0);
    const log = lines.join('\n');
    expect(log).toContain('GROQ_API_KEY cannot be used: The API key contains a character that HTTP headers cannot carry (U+000A, at position 14 of 21).');
    for (const part of ['Wq3', 'secret', 'Zx9', 'tail']) expect(log).not.toContain(part);
  });
});

describe('the chat route with a GROQ_MODEL of only blanks', () => {
  test('asks for the default model, not a model named by blanks', async () => {
    vi.stubEnv('GROQ_API_KEY', 'test-key');
    vi.stubEnv('GROQ_BASE_URL', mock.url);
    vi.stubEnv('GROQ_MODEL', ' \t ');
    let text = '';
    await streamChat({ endpoint: '/api/chat', messages: [{ role: 'user', content: 'Hi' }], controller: new AbortController(), onText: (piece) => void (text += piece), fetch: routeFetch });
    expect(text).not.toBe('');
    expect(mock.requests().at(-1)?.body).toMatchObject({ model: defaultModel });
  });
});

describe("the chat route when Groq refuses the server's request", () => {
  /** What the page shows for the route's answer to one message, with Groq played by `upstream`. */
  async function shownFor(upstream: { url: string }, apiKey: string): Promise<{ status: unknown; shown: string | undefined }> {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('GROQ_API_KEY', apiKey);
    vi.stubEnv('GROQ_BASE_URL', upstream.url);
    vi.stubEnv('GROQ_MAX_RETRIES', '0');
    const error = await streamChat({ endpoint: '/api/chat', messages: [{ role: 'user', content: 'Hi' }], controller: new AbortController(), onText: () => undefined, fetch: routeFetch }).catch(
      (caught: unknown) => caught,
    );
    return { status: (error as { status?: unknown }).status, shown: describeChatError(error) };
  }

  test("a 401 for the server's key says the server is not authorized, not that the message could not be sent", async () => {
    const strict = await createMockGroqServer({ apiKeys: ['gsk_the_right_key'] });
    try {
      expect(await shownFor(strict, 'gsk_a_revoked_key')).toEqual({ status: 401, shown: 'The server is not authorized to use the AI service.' });
      expect(strict.stats().requests).toBe(1);
    } finally {
      await strict.close();
    }
  });

  test("Groq's 404 for a model it does not serve says the AI service rejected the request, not that the message could not be sent", async () => {
    const strict = await createMockGroqServer({ knownModelsOnly: true });
    try {
      vi.stubEnv('GROQ_MODEL', 'llama-9-no-such-model');
      expect(await shownFor(strict, 'gsk_any')).toEqual({
        status: 404,
        shown: 'The AI service rejected the request: The model `llama-9-no-such-model` does not exist or you do not have access to it.',
      });
      expect(strict.stats().requests).toBe(1);
    } finally {
      await strict.close();
    }
  });

  test('a 498 (flex tier at capacity) says to wait and try again, not that the message could not be sent', async () => {
    // Groq answers 498 to a request on the flex tier, which the demo does not ask for (the mock's `capacity`
    // scenario answers it 503): Groq played by a server that answers every request so.
    let requests = 0;
    const full = createServer((request, response) => {
      requests += 1;
      request.resume();
      const body = JSON.stringify({ error: { message: '`flex` tier capacity exceeded. Please try again later.', type: 'capacity_exceeded', code: 'capacity_exceeded' } });
      response.writeHead(498, 'Flex Tier Capacity Exceeded', { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => full.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(full.address() as AddressInfo).port}`;
      expect(await shownFor({ url }, 'gsk_any')).toEqual({ status: 498, shown: 'The AI service is at capacity right now. Please wait a moment and try again.' });
      expect(requests).toBe(1);
    } finally {
      await new Promise((resolve) => full.close(resolve));
    }
  });
});
