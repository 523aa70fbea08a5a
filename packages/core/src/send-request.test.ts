import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
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

});
