import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Groq } from './groq.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { rejectionOf } from './test/rejection-of.js';

const apiKey = 'gsk_browser0123456789abcdefSECRET';
const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const chunk = (content: string): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

// Chromium's, Firefox's and Safari's words for every failure of fetch: a CORS refusal, a refused connection,
// a redirect loop and a blocked port all read the same to the page.
const browserFailures = ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed'];

describe('a browser fetch failure', () => {
  test.each(browserFailures)('a request that fetch rejects with %s says the browser console has the reason and names CORS, not HTTPS_PROXY', async (words) => {
    let calls = 0;
    const fetch = (): Promise<Response> => {
      calls++;
      return Promise.reject(new TypeError(words));
    };
    const client = new Groq({ apiKey, baseURL: 'https://gateway.example.test', fetch, maxRetries: 1, dangerouslyAllowBrowser: true });
    const error = await rejectionOf(client.chat.completions.create({ model, messages, stream: true }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(calls).toBe(2);
    const { message } = error as Error;
    expect(message).toContain(`The request got no response: ${words.replace(/\.$/, '')}. [POST /openai/v1/chat/completions]`);
    expect(message).toContain('developer console');
    expect(message).toContain('CORS: access-control-allow-origin');
    expect(message).toContain('It was tried 2 times (maxRetries: 1).');
    expect(message).not.toContain('HTTPS_PROXY');
    expect(message).not.toContain(apiKey);
  });

  test('a runtime that says why fetch failed keeps the network and proxy advice', async () => {
    const fetch = (): Promise<Response> => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    const client = new Groq({ apiKey, baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 });
    const error = await rejectionOf(client.chat.completions.create({ model, messages, stream: true }));
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain('HTTPS_PROXY');
    expect((error as Error).message).not.toContain('developer console');
  });

  test('a stream body that the browser errors with network error is truncated after the chunks before it, and says where the reason is', async () => {
    const { response, stats } = createTestResponse([chunk('Hel'), chunk('lo')], { breakWith: new TypeError('network error') });
    const client = new Groq({ apiKey, baseURL: 'https://gateway.example.test', fetch: () => Promise.resolve(response), maxRetries: 0, dangerouslyAllowBrowser: true });
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of stream) seen.push(item.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(seen).toEqual(['Hel', 'lo']);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    const { message } = error as Error;
    expect(message).toContain('The response body broke off in the middle of the stream (network error).');
    expect(message).toContain('The answer is incomplete; retry the request.');
    expect(message).toContain('developer console');
    expect(message).not.toContain(apiKey);
    expect(stats.piecesPulled).toBe(2);
  });

  test('Stream.fromSSEResponse of a body that the browser errors with network error says where the reason is', async () => {
    const { response } = createTestResponse([chunk('a')], { breakWith: new TypeError('network error') });
    const error = await rejectionOf(
      (async () => {
        for await (const item of Stream.fromSSEResponse(response)) void item;
      })(),
    );
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('developer console');
  });

  test('a stream body that undici breaks keeps the proxy advice', async () => {
    const { response } = createTestResponse([chunk('a')], { breakWith: new TypeError('terminated', { cause: new Error('other side closed') }) });
    const error = await rejectionOf(
      (async () => {
        for await (const item of Stream.fromSSEResponse(response)) void item;
      })(),
    );
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('check proxies that may cut long responses');
    expect((error as Error).message).not.toContain('developer console');
  });

  test('a JSON body that the browser errors with network error says where the reason is', async () => {
    const { response } = createTestResponse(['{"object":"list","da'], { breakWith: new TypeError('network error'), headers: { 'content-type': 'application/json' } });
    const client = new Groq({ apiKey, baseURL: 'https://gateway.example.test', fetch: () => Promise.resolve(response), maxRetries: 0, dangerouslyAllowBrowser: true });
    const error = await rejectionOf(client.models.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain('The response body could not be read: network error.');
    expect((error as Error).message).toContain('developer console');
    expect((error as Error).message).not.toContain(apiKey);
  });
});
