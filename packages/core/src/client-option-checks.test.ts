import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import type { ClientOptions } from './client-options.js';
import { Groq } from './groq.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const secret = 'gsk_TopSecret0123456789';

/** A fetch that records what it was asked and answers a completion. */
function recordingFetch() {
  const calls: Headers[] = [];
  const fetch = (_url: string, init: RequestInit) => {
    calls.push(new Headers(init.headers));
    return Promise.resolve(Response.json({ id: 'c', object: 'chat.completion', created: 1, model, choices: [] }));
  };
  return { fetch, calls };
}

function errorOf(options: ClientOptions): GroqError {
  try {
    new Groq(options);
  } catch (error) {
    expect(error).toBeInstanceOf(GroqError);
    return error as GroqError;
  }
  throw new Error(`new Groq(${JSON.stringify(options)}) did not throw`);
}

describe('the API key', () => {
  test('with a character a header cannot carry, fails at once and never quotes the key', () => {
    for (const [apiKey, what] of [
      [`${secret.slice(0, 10)}\n${secret.slice(10)}`, /a character that HTTP headers cannot carry \(U\+000A, at position 11 of 24\)/],
      [`${secret.slice(0, 10)}’${secret.slice(10)}`, /cannot carry \(U\+2019, at position 11 of 24\)/],
      [`${secret.slice(0, 10)} ${secret.slice(10)}`, /cannot carry \(U\+0020, at position 11 of 24\)/],
      [`${secret}\u0000`, /cannot carry \(U\+0000, at position 24 of 24\)/],
    ] as const) {
      const error = errorOf({ apiKey });
      expect(error.message).toMatch(what);
      expect(error.message).toMatch(/console\.groq\.com\/keys/);
      expect(error.message).not.toContain(secret.slice(4, 12));
      expect(error.message).not.toContain(secret.slice(12));
    }
  });

  test('is sent without the whitespace around it (a key read from a file with its line break)', async () => {
    const { fetch, calls } = recordingFetch();
    await new Groq({ apiKey: ` ${secret}\n`, fetch }).chat.completions.create({ model, messages });
    expect(calls[0]?.get('authorization')).toBe(`Bearer ${secret}`);
  });
});

describe('client options out of range fail in the constructor, saying what is accepted', () => {
  test.each([
    [{ baseURL: 'api.groq.com' }, /baseURL must be an absolute http or https URL, got "api\.groq\.com"/],
    [{ baseURL: 'ftp://files.example.com' }, /baseURL must be an absolute http or https URL/],
    [{ baseURL: 'https://user:pw-9f8e7d6c5b@proxy.example.com' }, /^baseURL must not carry a user name or password before its host\./],
    [{ baseURL: 'ftp://user:pw-9f8e7d6c5b@proxy.example.com' }, /got "ftp:\/\/\[redacted\]@proxy\.example\.com"/],
    [{ timeout: -1 }, /timeout must be a number of milliseconds from 1 to 2147483647, got -1/],
    [{ timeout: 0 }, /timeout must be .* from 1 /],
    [{ timeout: Number.NaN }, /timeout must be .*, got NaN/],
    [{ timeout: 2 ** 31 }, /timeout must be .* to 2147483647, got 2147483648/],
    [{ timeout: '5000' as unknown as number }, /timeout must be .*, got "5000"/],
    [{ maxRetries: 1.5 }, /maxRetries must be a whole number from 0, got 1\.5/],
    [{ maxRetries: -1 }, /maxRetries must be a whole number from 0, got -1/],
    [{ streamIdleTimeout: -5 }, /streamIdleTimeout must be a number of milliseconds from 0 to 2147483647 \(0 turns it off\), got -5/],
    [{ maxEventSize: 0 }, /maxEventSize must be a whole number from 1, got 0/],
    [{ fetch: 3 as unknown as ClientOptions['fetch'] }, /fetch must be a function like the global fetch, got number/],
  ])('%o', (options, message) => {
    expect(errorOf({ apiKey: secret, ...options }).message).toMatch(message);
  });

  test('the advice for credentials in baseURL reads whole: no part of it is taken for a secret and redacted', () => {
    const message = errorOf({ apiKey: secret, baseURL: 'https://user:pw-9f8e7d6c5b@proxy.example.com' }).message;
    expect(message).toContain('with the defaultHeaders option (an Authorization header, say).');
    expect(message).not.toContain('[redacted]');
  });

  test('the edges of each range are accepted', () => {
    const client = new Groq({ apiKey: secret, baseURL: 'http://127.0.0.1:8787/', timeout: 1, maxRetries: 0, streamIdleTimeout: 0, maxEventSize: 1 });
    expect([client.baseURL, client.timeout, client.maxRetries, client.streamIdleTimeout]).toEqual(['http://127.0.0.1:8787', 1, 0, 0]);
    expect(new Groq({ apiKey: secret, timeout: 2 ** 31 - 1 }).timeout).toBe(2 ** 31 - 1);
  });
});

describe('request options', () => {
  test('out of range, reject the request before anything is sent', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    await expect(client.chat.completions.create({ model, messages }, { timeout: -1 })).rejects.toThrow(/timeout must be a number of milliseconds/);
    await expect(client.chat.completions.create({ model, messages, stream: true }, { streamIdleTimeout: Number.NaN })).rejects.toThrow(
      /streamIdleTimeout must be/,
    );
    await expect(client.chat.completions.create({ model, messages }, { maxRetries: 2.5 })).rejects.toThrow(/maxRetries must be a whole number/);
    expect(calls).toHaveLength(0);
  });

  test('a signal that is not an AbortSignal, or a request that is not an object, rejects with a GroqError before anything is sent', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    for (const signal of [{}, 'abort', 5]) {
      const error = await client.chat.completions.create({ model, messages }, { signal: signal as never }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(signal)).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(/^signal must be an AbortSignal, got (object|"abort"|5)\./);
    }
    for (const [params, named] of [[null, 'null'], [undefined, 'undefined'], ['hello', 'string'], [[], 'an array']] as const) {
      const error = await client.chat.completions.create(params as never).catch((caught: unknown) => caught);
      expect(error, named).toBeInstanceOf(GroqError);
      expect((error as Error).message).toBe(`create() takes the request as an object, got ${named}. Pass { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hello' }], stream: true }.`);
    }
    expect(calls).toHaveLength(0);
    // Any signal with the AbortSignal surface works, not only this realm's.
    const foreign = { aborted: false, reason: undefined, addEventListener: () => undefined, removeEventListener: () => undefined };
    await expect(client.chat.completions.create({ model, messages }, { signal: foreign as never })).resolves.toMatchObject({ id: 'c' });
  });

  test('a request that cannot be written as JSON (BigInt, a circle) is a GroqError that names it, and nothing is sent', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch, maxRetries: 0 });
    const circular: Record<string, unknown> = { role: 'user', content: 'hi' };
    circular.self = circular;
    for (const [params, reason] of [
      [{ model, messages, seed: 42n }, /^The request cannot be sent as JSON: Do not know how to serialize a BigInt\. Pass plain data/],
      [{ model, messages: [circular], stream: true }, /^The request cannot be sent as JSON: Converting circular structure to JSON\. Pass plain data/],
    ] as const) {
      const error = await client.chat.completions.create(params as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).cause).toBeInstanceOf(TypeError);
    }
    expect(calls).toHaveLength(0);
  });

  test('a header that cannot be sent is named, and its value (maybe a secret) is not quoted', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch, defaultHeaders: { 'x-team-token': 'tok_Hidden\nValue' } });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(/The header "x-team-token" cannot be sent/);
    expect((error as Error).message).not.toContain('Hidden');
    expect(JSON.stringify((error as Error).cause ?? null)).not.toContain('Hidden');
    expect(calls).toHaveLength(0);
  });
});
