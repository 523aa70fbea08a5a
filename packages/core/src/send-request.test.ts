import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

describe('sendRequest', () => {
  test('a port that fetch blocks fails at once, naming the port and what to do, not retried as a network failure', async () => {
    let calls = 0;
    // What undici's fetch rejects with for a port on the Fetch standard's list (6000, 5060, 10080, ...).
    const fetch = () => {
      calls++;
      return Promise.reject(new TypeError('fetch failed', { cause: new Error('bad port') }));
    };
    const error = await new Groq({ apiKey: 'k', baseURL: 'http://127.0.0.1:6000', fetch, maxRetries: 2 })
      .chat.completions.create({ model, messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(calls).toBe(1);
    expect((error as Error).message).toMatch(/^fetch refuses to connect to port 6000, one the Fetch standard blocks \(bad port\)\. \[POST .*\]\. Run the server on another port/);
    // The runtime's own fetch, which refuses before connecting.
    const real = await new Groq({ apiKey: 'k', baseURL: 'http://127.0.0.1:6000', maxRetries: 2 }).models.list().catch((caught: unknown) => caught);
    expect((real as Error).message).toMatch(/^fetch refuses to connect to port 6000/);
  });

  test('a header the connection manages is refused before sending, not failed in fetch and retried as a network error', async () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.resolve(Response.json({ object: 'list', data: [] }));
    };
    for (const [name, value] of [['Keep-Alive', 'timeout=5'], ['transfer-encoding', 'chunked'], ['upgrade', 'h2c'], ['expect', '100-continue'], ['content-length', '3']]) {
      const client = new Groq({ apiKey: 'k', fetch, maxRetries: 2, defaultHeaders: { [name!]: value } });
      const error = await client.models.list().catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(GroqError);
      expect(error, name).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(new RegExp(`^The header ${name!.toLowerCase()} cannot be set: the HTTP connection manages it\\. \\[GET /openai/v1/models\\]\\. Remove it from defaultHeaders and headers`));
    }
    expect(calls).toBe(0);
    // Headers a request may carry are still sent.
    await new Groq({ apiKey: 'k', fetch, defaultHeaders: { connection: 'keep-alive', 'x-keep-alive': '1' } }).models.list();
    expect(calls).toBe(1);
  });
});
