import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import type { ClientOptions } from './client-options.js';
import { checkSSEStreamOptions } from './client-option-checks.js';
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

  test('that is no string (a secret manager object, a number) fails at once naming its type, and never quotes what it holds', () => {
    expect(errorOf({ apiKey: { value: secret } as never }).message).toBe('apiKey must be a string, got an object. Pass the key as text, such as the value of GROQ_API_KEY.');
    expect(errorOf({ apiKey: 42 as never }).message).toBe('apiKey must be a string, got a number. Pass the key as text, such as the value of GROQ_API_KEY.');
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
    [{ baseURL: 'http://127.0.0.1:8787?token=tok_5f4e3d2c1b' }, /^baseURL must not have a query string \(\?\.\.\.\): each request's path is added after it\. .*defaultQuery option\.$/],
    [{ baseURL: 'http://127.0.0.1:8787/groq/#top' }, /^baseURL must not have a fragment \(#\.\.\.\)/],
    [{ baseURL: 'http://127.0.0.1:8787?' }, /^baseURL must not have a query string/],
    [{ baseURL: new URL('http://127.0.0.1:8787') as unknown as string }, /^baseURL must be a string, got a URL\. Pass its text: baseURL: url\.href\.$/],
    [{ baseURL: 8787 as unknown as string }, /^baseURL must be a string, got a number\./],
    // The OpenAI SDK's address for Groq: every path would get /openai/v1 twice.
    [{ baseURL: 'https://api.groq.com/openai/v1' }, /^baseURL must not end in \/openai\/v1: the client adds that to each request path itself\. Drop it: https:\/\/api\.groq\.com\.$/],
    [{ baseURL: 'http://127.0.0.1:8787/gateway/OpenAI/v1/' }, /Drop it: http:\/\/127\.0\.0\.1:8787\/gateway\.$/],
    [{ timeout: -1 }, /timeout must be a number of milliseconds from 1 to 2147483647, got -1/],
    [{ timeout: 0 }, /timeout must be .* from 1 /],
    [{ timeout: Number.NaN }, /timeout must be .*, got NaN/],
    [{ timeout: 2 ** 31 }, /timeout must be .* to 2147483647, got 2147483648/],
    [{ timeout: '5000' as unknown as number }, /timeout must be .*, got "5000"/],
    [{ maxRetries: 1.5 }, /maxRetries must be a whole number from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 1\.5/],
    [{ maxRetries: -1 }, /maxRetries must be a whole number from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got -1\./],
    // A whole number, past what a count can hold exactly: the message says the bound it is past, not "whole number from 0".
    [{ maxRetries: 1e20 }, /^maxRetries must be a whole number from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 100000000000000000000\.$/],
    [{ maxRetries: Number.MAX_SAFE_INTEGER + 1 }, /from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 9007199254740992\./],
    [{ streamIdleTimeout: -5 }, /streamIdleTimeout must be a number of milliseconds from 0 to 2147483647 \(0 turns it off\), got -5/],
    [{ maxEventSize: 0 }, /maxEventSize must be a whole number from 1 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 0/],
    [{ fetch: 3 as unknown as ClientOptions['fetch'] }, /fetch must be a function like the global fetch, got a number\./],
  ])('%o', (options, message) => {
    expect(errorOf({ apiKey: secret, ...options }).message).toMatch(message);
  });

  test('the advice for credentials in baseURL reads whole: no part of it is taken for a secret and redacted', () => {
    const message = errorOf({ apiKey: secret, baseURL: 'https://user:pw-9f8e7d6c5b@proxy.example.com' }).message;
    expect(message).toContain('with the defaultHeaders option (an Authorization header, say).');
    expect(message).not.toContain('[redacted]');
  });

  test('a baseURL with whitespace around it (from a config file) is used without it, not put inside each request URL', async () => {
    const { fetch } = recordingFetch();
    const urls: string[] = [];
    const client = new Groq({ apiKey: secret, baseURL: ' http://127.0.0.1:8787/groq/ \n', fetch: (url, init) => (urls.push(url), fetch(url, init)) });
    expect(client.baseURL).toBe('http://127.0.0.1:8787/groq');
    await client.chat.completions.create({ model, messages });
    expect(urls).toEqual(['http://127.0.0.1:8787/groq/openai/v1/chat/completions']);
  });

  test('a baseURL that is no address but a long word, as a key is (GROQ_BASE_URL and GROQ_API_KEY swapped), is not quoted', () => {
    // Another provider's key, of no shape the redaction knows and given to no client.
    const key = 'csk-4f9x2k8m1p7q3r6t5w0y9z8a';
    expect(errorOf({ apiKey: secret, baseURL: `${key}\n` }).message).toMatch(
      /^baseURL must be an absolute http or https URL, got a word of 28 characters with no scheme or host \(not shown: it may be a key given as baseURL\)\. Use https:\/\/api\.groq\.com/,
    );
    // A host without its scheme, or a short word, is quoted.
    expect(errorOf({ apiKey: secret, baseURL: 'localhost' }).message).toMatch(/got "localhost"\./);
    expect(errorOf({ apiKey: secret, baseURL: 'my-groq-gateway.internal' }).message).toMatch(/got "my-groq-gateway\.internal"\./);
  });

  test('the message for a baseURL with a query string does not quote it (it may hold a token)', () => {
    expect(errorOf({ apiKey: secret, baseURL: 'http://127.0.0.1:8787?token=tok_5f4e3d2c1b' }).message).not.toContain('5f4e3d2c1b');
  });

  test('the edges of each range are accepted', () => {
    const client = new Groq({ apiKey: secret, baseURL: 'http://127.0.0.1:8787/', timeout: 1, maxRetries: 0, streamIdleTimeout: 0, maxEventSize: 1 });
    expect([client.baseURL, client.timeout, client.maxRetries, client.streamIdleTimeout]).toEqual(['http://127.0.0.1:8787', 1, 0, 0]);
    expect(new Groq({ apiKey: secret, timeout: 2 ** 31 - 1 }).timeout).toBe(2 ** 31 - 1);
    // Only the whole of /openai/v1 at the end: a gateway's own path may hold the words.
    expect(new Groq({ apiKey: secret, baseURL: 'http://127.0.0.1:8787/openai/v1-proxy' }).baseURL).toBe('http://127.0.0.1:8787/openai/v1-proxy');
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
      expect((error as Error).message).toMatch(/^signal must be an AbortSignal, got (an object|"abort"|5)\./);
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

  test('request options that are no object (a signal passed on its own) reject with a GroqError, not ignored with the signal; null is none', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    const controller = new AbortController();
    for (const [options, message] of [
      [controller.signal, /^The request options must be an object such as \{ signal, timeout \}, got an AbortSignal\. Pass the signal inside it: \{ signal \}\.$/],
      [5000, /^The request options must be an object such as \{ signal, timeout \}, got a number\./],
      ['x', /got a string\./],
    ] as const) {
      for (const call of [() => client.chat.completions.create({ model, messages }, options as never), () => client.models.list(options as never), () => client.models.retrieve(model, options as never)]) {
        const error = await call().catch((caught: unknown) => caught);
        expect(error, String(options)).toBeInstanceOf(GroqError);
        expect((error as Error).message).toMatch(message);
      }
    }
    expect(calls).toHaveLength(0);
    await expect(client.chat.completions.create({ model, messages }, null as never)).resolves.toMatchObject({ id: 'c' });
  });

  test('new Groq() of something that is no object says so, and never quotes a key passed on its own', () => {
    let error: unknown;
    try {
      new Groq(secret as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toBe('new Groq() takes an object of options, got a string. Pass the key inside it: new Groq({ apiKey }).');
    expect(() => new Groq(null)).toThrow(/^No Groq API key was given/);
    expect(() => new Groq(42 as never)).toThrow('new Groq() takes an object of options, got a number. Pass an object, e.g. new Groq({ apiKey, timeout: 10_000 }).');
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

  test("a toJSON() that throws has its words quoted as a sentence, not followed by a second one's full stop", async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch, maxRetries: 0 });
    for (const words of ['Is this amount in cents?', 'Not a number!']) {
      const amount = { toJSON: () => { throw new Error(words); } };
      const error = await client.chat.completions.create({ model, messages, metadata: { amount } } as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(new RegExp(`^The request cannot be sent as JSON: ${words.replace(/[?!]/g, '\\$&')} Pass plain data .*, and no toJSON\\(\\) that throws\\.$`));
    }
    expect(calls).toHaveLength(0);
  });

  test("a toJSON()'s words are cut at their first line break, not at a backslash and n they hold (a Windows path)", async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch, maxRetries: 0 });
    const amount = { toJSON: () => { throw new Error('Cannot read C:\\new\\rates.json\nat line 2'); } };
    const error = await client.chat.completions.create({ model, messages, metadata: { amount } } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(/^The request cannot be sent as JSON: Cannot read C:\\new\\rates\.json\. Pass plain data/);
    expect(calls).toHaveLength(0);
  });

  test('a header that cannot be sent is named, and its value (maybe a secret) is not quoted', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    const error = await client.chat.completions.create({ model, messages }, { headers: { 'x-team-token': 'tok_Hidden\nValue' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    // A default header that cannot be sent fails where it is given.
    expect(errorOf({ apiKey: secret, fetch, defaultHeaders: { 'x-team-token': 'tok_Hidden\nValue' } }).message).toMatch(/^The header "x-team-token" cannot be sent/);
    expect((error as Error).message).toMatch(/The header "x-team-token" cannot be sent/);
    expect((error as Error).message).not.toContain('Hidden');
    expect(JSON.stringify((error as Error).cause ?? null)).not.toContain('Hidden');
    expect(calls).toHaveLength(0);
  });
});

describe('headers and query parameters of a shape or kind that cannot be sent', () => {
  /** A fetch that records the URL and headers it was asked for. */
  function urlRecordingFetch() {
    const calls: { url: string; headers: Headers }[] = [];
    const fetch = (url: string, init: RequestInit) => {
      calls.push({ url, headers: new Headers(init.headers) });
      return Promise.resolve(Response.json({ id: 'c', object: 'chat.completion', created: 1, model, choices: [] }));
    };
    return { fetch, calls };
  }

  test('a header value that is a number or a boolean is sent as text, as in groq-sdk; no item of a list is dropped', async () => {
    const { fetch, calls } = urlRecordingFetch();
    const client = new Groq({ apiKey: secret, fetch, defaultHeaders: { 'x-retries': 3 as never, 'x-debug': true as never } });
    await client.chat.completions.create({ model, messages }, { headers: { 'x-tags': ['a', 5, null] as never } });
    expect([calls[0]?.headers.get('x-retries'), calls[0]?.headers.get('x-debug'), calls[0]?.headers.get('x-tags')]).toEqual(['3', 'true', 'a, 5']);
  });

  test('a header name HTTP cannot carry, or a value that is an object, is a GroqError naming the header, and nothing is sent', async () => {
    const { fetch, calls } = urlRecordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    for (const [headers, message] of [
      [{ 'x-a\r\nb': 'v' }, /^The header "x-a\\r\\nb" cannot be sent: its name or value holds characters HTTP headers cannot carry/],
      [{ '': 'v' }, /^The header "" cannot be sent/],
      [{ 'x-team': { token: 'tok_Hidden' } }, /^The header "x-team" cannot be sent: its value is an object\. Pass text, a number, or a list of them/],
      [[['x-team', () => 'tok_Hidden']], /^The header "x-team" cannot be sent: its value is a function\./],
    ] as const) {
      const error = await client.chat.completions.create({ model, messages }, { headers: headers as never }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(headers)).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('Hidden');
    }
    // A default that cannot be sent fails where it was given.
    expect(errorOf({ apiKey: secret, fetch, defaultHeaders: { 'x a': 'v' } }).message).toMatch(/^The header "x a" cannot be sent/);
    expect(calls).toHaveLength(0);
  });

  test('a header value with a control character that Headers takes but no transport sends (U+0001, ESC, DEL) is a GroqError before anything is sent, not a network failure retried', async () => {
    const { fetch, calls } = urlRecordingFetch();
    const client = new Groq({ apiKey: secret, fetch, maxRetries: 2 });
    for (const value of ['tok_Hidden\u0001x', 'tok_Hidden\u001b[0m', 'tok_Hidden\u007f', ['ok', 'tok_Hidden\u0008']]) {
      const error = await client.chat.completions.create({ model, messages }, { headers: { 'x-tenant-key': value } }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(value)).toBeInstanceOf(GroqError);
      expect((error as Error).message).toBe(
        'The header "x-tenant-key" cannot be sent: its name or value holds characters HTTP headers cannot carry (line breaks, control characters, non-ASCII).',
      );
    }
    expect(errorOf({ apiKey: secret, fetch, defaultHeaders: { 'x-tenant-key': 'tok_Hidden\u007f' } }).message).toMatch(/^The header "x-tenant-key" cannot be sent/);
    expect(calls).toHaveLength(0);
    // What a header can carry still goes: a tab inside, bytes from 0x80, and white space around the value, which
    // Headers drops (a key read from a file with its line break).
    await client.chat.completions.create({ model, messages }, { headers: { 'x-a': 'one\ttwo', 'x-b': 'caf\u00e9', 'x-c': ' tok_file\r\n' } });
    expect([calls[0]?.headers.get('x-a'), calls[0]?.headers.get('x-b'), calls[0]?.headers.get('x-c')]).toEqual(['one\ttwo', 'caf\u00e9', 'tok_file']);
  });

  test('headers in a Map are sent; headers that are no object or no list of pairs fail in the constructor, saying what to pass', async () => {
    const { fetch, calls } = urlRecordingFetch();
    await new Groq({ apiKey: secret, fetch, defaultHeaders: new Map([['x-app', 'demo']]) as never }).chat.completions.create({ model, messages });
    expect(calls[0]?.headers.get('x-app')).toBe('demo');
    for (const [defaultHeaders, message] of [
      ['x-app: demo', /^defaultHeaders must be an object of header names and values, got a string\. Pass an object/],
      [5, /^defaultHeaders must be an object of header names and values, got a number\./],
      [['x-app', 'demo'], /^defaultHeaders is a list, so each item must be a \[name, value\] pair; item 0 is a string\./],
    ] as const) {
      expect(errorOf({ apiKey: secret, fetch, defaultHeaders: defaultHeaders as never }).message).toMatch(message);
    }
  });

  test('query values that are objects or functions, or a query that is no plain object, are refused, not sent as "[object Object]"', async () => {
    const { fetch, calls } = urlRecordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    for (const [query, message] of [
      [{ filter: { model: 'llama' } }, /^The query parameter "filter" cannot be sent: its value is an object\. .*\{ 'filter\[model\]': 'llama' \}/],
      [{ tags: ['a', { b: 1 }] }, /^The query parameter "tags" cannot be sent: its value is an object\./],
      [{ since: new Date(0) }, /^The query parameter "since" cannot be sent: its value is a Date\./],
      [{ pick: () => 1 }, /^The query parameter "pick" cannot be sent: its value is a function\./],
      ['region=eu', /^query must be an object of parameter names and values, got a string\./],
      [new URLSearchParams('region=eu'), /^query must be an object .*, got a URLSearchParams\. Pass .*Object\.fromEntries\(params\)/],
      [[['region', 'eu']], /^query must be an object .*, got a list\./],
    ] as const) {
      const error = await client.chat.completions.create({ model, messages }, { query: query as never }).catch((caught: unknown) => caught);
      expect(error, String(query)).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(message);
    }
    expect(errorOf({ apiKey: secret, fetch, defaultQuery: 'region=eu' as never }).message).toMatch(/^defaultQuery must be an object/);
    expect(calls).toHaveLength(0);
    await client.chat.completions.create({ model, messages }, { query: { page: 2, big: 10n as never, tags: ['a', null as never, 'b'] } });
    expect(new URL(calls[0]!.url).search).toBe('?page=2&big=10&tags=a&tags=b');
  });
});

describe('client.request() method and path', () => {
  test('a path that does not start with a slash is refused before anything is sent, as it would change the host', () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch, maxRetries: 0 });
    // Added to https://api.groq.com as it is, each would send the key to another host.
    for (const path of ['.evil.example/x', '@evil.example/x', 'openai/v1/models', ':8080/x', '']) {
      let thrown: unknown;
      try {
        void client.request('GET', path, undefined);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GroqError);
      expect((thrown as GroqError).message).toMatch(/path must start with "\/"/);
      expect((thrown as GroqError).message).not.toContain(secret);
    }
    expect(calls).toHaveLength(0);
  });

  test('a method that is not an HTTP token is refused at once, not retried as a network failure', () => {
    const { fetch, calls } = recordingFetch();
    const client = new Groq({ apiKey: secret, fetch });
    for (const method of ['GE T', 'POST\r\n', '', 5]) {
      expect(() => client.request(method as string, '/openai/v1/models', undefined)).toThrow(/method must be an HTTP method such as GET or POST/);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('checkSSEStreamOptions', () => {
  test('a signal that is not an AbortSignal is a GroqError saying what to pass, not the runtime\'s TypeError later; null, undefined and any AbortSignal pass', () => {
    for (const signal of ['stop', {}, 5, true, () => undefined]) {
      expect(() => checkSSEStreamOptions({ signal }, 'createSSEResponse()'), String(signal)).toThrow(GroqError);
    }
    expect(() => checkSSEStreamOptions({ signal: 'stop' }, 'x()')).toThrow(
      /^signal must be an AbortSignal, got "stop"\. Pass the incoming request's signal \(request\.signal\), controller\.signal of an AbortController, or nothing\.$/,
    );
    expect(() => checkSSEStreamOptions({ signal: {} }, 'x()')).toThrow(/^signal must be an AbortSignal, got an object\./);
    expect(() => checkSSEStreamOptions({ signal: new AbortController() }, 'x()')).toThrow(/^signal must be an AbortSignal, got an AbortController\./);
    expect(() => checkSSEStreamOptions({ signal: 5 }, 'x()')).toThrow(/^signal must be an AbortSignal, got 5\./);
    // A polyfill's or another realm's signal, recognized by what is used of it, as a request's signal is.
    const foreign = { aborted: false, reason: undefined, addEventListener: () => undefined, removeEventListener: () => undefined };
    for (const signal of [undefined, null, new AbortController().signal, AbortSignal.abort(), foreign]) {
      expect(() => checkSSEStreamOptions({ signal, heartbeatMs: 0 }, 'x()')).not.toThrow();
    }
  });
});
