import { describe, expect, test } from 'vitest';
import { checkChatRelayOptions } from './chat-relay-options.js';
import type { ClientOptions, Fetch, FetchOptions, RequestOptions } from './client-options.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const failure = new Error('config store down');

/** A fetch that answers from a list (the last answer again once the list is used up), recording each request. */
function scripted(...answers: (() => Response)[]): Fetch & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answers[Math.min(calls.length - 1, answers.length - 1)]!();
  };
  return Object.assign(fetch, { calls });
}

const sse = () => new Response(encodeSSETranscript(createChunkTranscript({ chunks: 3 })) as BodyInit, { headers: { 'content-type': 'text/event-stream' } });
const completion = () =>
  Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] });
/** A 503 to retry at once. */
const unavailable = () => new Response('busy', { status: 503, headers: { 'retry-after-ms': '0' } });

/** What create() rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

function throwing(name: string): RequestOptions {
  return Object.defineProperty({}, name, { enumerable: true, get: () => { throw failure; } }) as RequestOptions;
}

/** What `new Groq(options)` threw; `undefined` if it made a client. */
function constructionError(options: ClientOptions): unknown {
  try {
    new Groq(options);
  } catch (caught) {
    return caught;
  }
  return undefined;
}

const requestOptionNames = ['signal', 'timeout', 'maxRetries', 'streamIdleTimeout', 'headers', 'query', 'fetchOptions'] as const;

describe('request options that throw when read', () => {
  test.each(requestOptionNames)('%s: a GroqError at once naming it, with the cause; nothing is sent and nothing retried', async (name) => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'gsk_secret_key_1234', fetch, maxRetries: 5 });
    for (const stream of [true, false]) {
      const error = await rejection(client.chat.completions.create({ model, messages, stream }, throwing(name)));
      expect(error).toBeInstanceOf(GroqError);
      expect(error).not.toBeInstanceOf(APIConnectionError);
      expect(error.message).toMatch(
        new RegExp(`^${name} could not be read: it threw when read \\(config store down\\)\\. \\[POST /openai/v1/chat/completions\\]\\. Nothing was sent\\. Read the value before the call`),
      );
      expect(error.message).not.toContain('gsk_secret_key_1234');
      expect(error.cause).toBe(failure);
    }
    const models = await rejection(client.models.list(throwing(name)));
    expect(models.message).toMatch(new RegExp(`^${name} could not be read: it threw when read \\(config store down\\)\\. \\[GET /openai/v1/models\\]`));
    const retrieve = await rejection(client.models.retrieve('openai/gpt-oss-20b', throwing(name)));
    expect(retrieve.message).toMatch(new RegExp(`^${name} could not be read: .*\\. \\[GET /openai/v1/models/openai%2Fgpt-oss-20b\\]`));
    const direct = await rejection(Promise.resolve().then(() => client.request('GET', '/openai/v1/models', undefined, throwing(name))));
    expect(direct.message).toMatch(new RegExp(`^${name} could not be read: .*\\. \\[GET /openai/v1/models\\]`));
    expect(fetch.calls).toHaveLength(0);
  });

  test('the path named is the one the request would go to, under a baseURL with a path', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', fetch, baseURL: 'http://127.0.0.1:9/groq' });
    const error = await rejection(client.chat.completions.create({ model, messages, stream: true }, throwing('headers')));
    expect(error.message).toMatch(/^headers could not be read: it threw when read \(config store down\)\. \[POST \/groq\/openai\/v1\/chat\/completions\]/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('headers or a query with an entry that throws when read (a getter, an iterator) are a GroqError naming the option; nothing is sent', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', fetch, maxRetries: 5 });
    const brokenIterable = {
      [Symbol.iterator](): Iterator<[string, string]> {
        throw failure;
      },
    };
    const cases: [RequestOptions, RegExp][] = [
      [{ headers: Object.defineProperty({}, 'x-tenant', { enumerable: true, get: () => { throw failure; } }) }, /^headers could not be read: one of its entries threw when read \(config store down\)\. \[POST \/openai\/v1\/chat\/completions\]\. Nothing was sent\./],
      [{ headers: brokenIterable as unknown as Headers }, /^headers could not be read: one of its entries threw when read \(config store down\)\. \[POST \/openai\/v1\/chat\/completions\]\. Nothing was sent\./],
      [{ query: Object.defineProperty({}, 'region', { enumerable: true, get: () => { throw failure; } }) }, /^query could not be read: one of its entries threw when read \(config store down\)\. \[POST \/openai\/v1\/chat\/completions\]\. Nothing was sent\./],
    ];
    for (const [options, message] of cases) {
      const error = await rejection(client.chat.completions.create({ model, messages, stream: true }, options));
      expect(error).toBeInstanceOf(GroqError);
      expect(error.message).toMatch(message);
      expect(error.cause).toBe(failure);
    }
    expect(fetch.calls).toHaveLength(0);
  });

  test('defaultHeaders or defaultQuery with an entry that throws when read are a GroqError from new Groq() naming the option', () => {
    const fetch = scripted(sse);
    const broken = Object.defineProperty({}, 'x-tenant', { enumerable: true, get: () => { throw failure; } });
    expect(() => new Groq({ apiKey: 'k1', fetch, defaultHeaders: broken })).toThrow(/^defaultHeaders could not be read: one of its entries threw when read \(config store down\)\. Nothing was sent\./);
    expect(() => new Groq({ apiKey: 'k1', fetch, defaultQuery: broken })).toThrow(/^defaultQuery could not be read: one of its entries threw when read \(config store down\)\. Nothing was sent\./);
    expect(fetch.calls).toHaveLength(0);
  });

  test("a relay's requestOptions with an option that throws when read are a GroqError naming requestOptions.<option>", () => {
    const client = new Groq({ apiKey: 'k1', fetch: scripted(sse) });
    for (const name of ['timeout', 'maxRetries', 'streamIdleTimeout', 'fetchOptions', 'signal']) {
      const requestOptions = throwing(name);
      expect(() => checkChatRelayOptions({ client, model, requestOptions }), name).toThrow(new RegExp(`^requestOptions\\.${name} could not be read: it threw when read \\(config store down\\)\\. Nothing was sent\\.`));
    }
  });
});

describe('request options are read once per request', () => {
  /** Request options whose every option, and the fields of its headers, query and fetchOptions, count their reads. */
  function countedOptions(): { options: RequestOptions; reads: Map<string, number> } {
    const reads = new Map<string, number>();
    const counted = <T extends object>(name: string, target: T, field: string, value: unknown): T =>
      Object.defineProperty(target, field, {
        enumerable: true,
        get: () => {
          reads.set(name, (reads.get(name) ?? 0) + 1);
          return value;
        },
      });
    const values: Record<(typeof requestOptionNames)[number], unknown> = {
      signal: new AbortController().signal,
      timeout: 10_000,
      maxRetries: 2,
      streamIdleTimeout: 10_000,
      headers: counted('headers.x-tenant', {}, 'x-tenant', 'a'),
      query: counted('query.region', {}, 'region', 'eu'),
      fetchOptions: counted('fetchOptions.cache', {}, 'cache', 'no-store'),
    };
    const options = {};
    for (const name of requestOptionNames) counted(name, options, name, values[name]);
    return { options: options as RequestOptions, reads };
  }

  test.each([true, false])('stream: %s: each option (and each field of headers, query, fetchOptions) is read once per create() call, and every retry of that call sends what was read then', async (stream) => {
    const fetch = scripted(unavailable, unavailable, stream ? sse : completion);
    const client = new Groq({ apiKey: 'k1', fetch, maxRetries: 0 });
    const { options, reads } = countedOptions();
    const result = await client.chat.completions.create({ model, messages, stream }, options);
    if (result instanceof Object && Symbol.asyncIterator in result) for await (const _chunk of result as AsyncIterable<unknown>);
    // Two retries: the request's maxRetries (2), not the client's (0).
    expect(fetch.calls).toHaveLength(3);
    for (const { url, init } of fetch.calls) {
      expect(new URL(url).searchParams.get('region')).toBe('eu');
      expect(new Headers(init.headers).get('x-tenant')).toBe('a');
      expect(init.cache).toBe('no-store');
    }
    const once = Object.fromEntries([...requestOptionNames, 'headers.x-tenant', 'query.region', 'fetchOptions.cache'].map((name) => [name, 1]));
    expect(Object.fromEntries(reads)).toEqual(once);
    // The next call reads them again: a change between calls takes effect, as with the client's fetchOptions.
    const next = await client.chat.completions.create({ model, messages, stream }, options);
    if (next instanceof Object && Symbol.asyncIterator in next) for await (const _chunk of next as AsyncIterable<unknown>);
    expect(Object.fromEntries(reads)).toEqual(Object.fromEntries(Object.keys(once).map((name) => [name, 2])));
  });

  test('models.list() and models.retrieve() read each option once per call', async () => {
    const fetch = scripted(() => Response.json({ object: 'list', data: [] }), () => Response.json({ id: 'm1', object: 'model' }));
    const client = new Groq({ apiKey: 'k1', fetch });
    const { options, reads } = countedOptions();
    await client.models.list(options);
    expect(Math.max(...reads.values())).toBe(1);
    await client.models.retrieve('m1', options);
    expect(Math.max(...reads.values())).toBe(2);
    expect(Math.min(...reads.values())).toBe(2);
  });

  test("the client's fetchOptions are read once per request, however many attempts it takes, and again for the next request", async () => {
    const fetch = scripted(unavailable, unavailable, sse);
    let reads = 0;
    const fetchOptions = Object.defineProperty({}, 'cache', {
      enumerable: true,
      get: () => {
        reads++;
        return 'no-store';
      },
    }) as FetchOptions;
    const client = new Groq({ apiKey: 'k1', fetch, fetchOptions, maxRetries: 2 });
    // Once by new Groq(), which checks them.
    expect(reads).toBe(1);
    for await (const _chunk of await client.chat.completions.create({ model, messages, stream: true }));
    expect(fetch.calls).toHaveLength(3);
    expect(fetch.calls.map(({ init }) => init.cache)).toEqual(['no-store', 'no-store', 'no-store']);
    expect(reads).toBe(2);
    for await (const _chunk of await client.chat.completions.create({ model, messages, stream: true }));
    expect(reads).toBe(3);
  });
});

describe('client options are read once, by new Groq()', () => {
  const clientOptionNames = [
    'apiKey',
    'baseURL',
    'timeout',
    'maxRetries',
    'streamIdleTimeout',
    'maxEventSize',
    'fetch',
    'fetchOptions',
    'defaultHeaders',
    'defaultQuery',
    'logLevel',
    'logger',
    'dangerouslyAllowBrowser',
  ] as const;
  const key = 'gsk_client_options_SECRET_0123';

  test.each(clientOptionNames)('%s that throws when read: a GroqError naming it, with the cause, never the key', (name) => {
    const options = Object.defineProperty({ apiKey: key, fetch: scripted(sse) }, name, {
      enumerable: true,
      get: () => {
        throw new Error(`config store down for ${key}`);
      },
    }) as ClientOptions;
    const error = constructionError(options);
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(new RegExp(`^${name} could not be read: it threw when read \\(config store down for .*\\)\\. Nothing was sent\\.`));
    expect((error as Error).message).not.toContain(key);
    expect(((error as Error).cause as Error).message).toMatch(/^config store down/);
  });

  test("an option that throws quoting a key of no known shape (a proxy's) does not show it: the key is read and remembered first", () => {
    const proxyKey = 'proxy-key-without-a-groq-shape-7f3a9c';
    const options = Object.defineProperty({ apiKey: proxyKey }, 'baseURL', {
      enumerable: true,
      get: () => {
        throw new Error(`no route for ${proxyKey}`);
      },
    }) as ClientOptions;
    const error = constructionError(options);
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(/^baseURL could not be read: it threw when read \(no route for \[redacted\]\)/);
    expect(JSON.stringify([(error as Error).message, ((error as Error).cause as Error).message])).not.toContain(proxyKey);
  });

  test('each option is read once, and the client keeps and sends what was checked, not what a getter gives next', async () => {
    const fetch = scripted(completion);
    const reads = new Map<string, number>();
    // Each getter gives a valid value first, then one that is out of range (or another function or object).
    const values: Record<(typeof clientOptionNames)[number], [unknown, unknown]> = {
      apiKey: ['k1', 'k2 with spaces'],
      baseURL: ['http://127.0.0.1:9/first', 'ftp://second'],
      timeout: [5_000, -1],
      maxRetries: [1, 1.5],
      streamIdleTimeout: [4_000, Number.NaN],
      maxEventSize: [1_000, 0],
      fetch: [fetch, 'not a function'],
      fetchOptions: [{ cache: 'no-store' }, { signal: 'x' }],
      defaultHeaders: [{ 'x-app': 'first' }, { 'content-length': '3' }],
      defaultQuery: [{ region: 'eu' }, { region: {} }],
      logLevel: ['warn', 'loud'],
      logger: [console, 5],
      dangerouslyAllowBrowser: [false, 'yes'],
    };
    const options = {};
    for (const name of clientOptionNames) {
      Object.defineProperty(options, name, {
        enumerable: true,
        get: () => {
          const count = (reads.get(name) ?? 0) + 1;
          reads.set(name, count);
          return values[name][count === 1 ? 0 : 1];
        },
      });
    }
    const client = new Groq(options as ClientOptions);
    expect(Object.fromEntries(reads)).toEqual(Object.fromEntries(clientOptionNames.map((name) => [name, 1])));
    expect([client.apiKey, client.baseURL, client.timeout, client.maxRetries, client.streamIdleTimeout, client.maxEventSize]).toEqual(['k1', 'http://127.0.0.1:9/first', 5_000, 1, 4_000, 1_000]);
    expect([client.logLevel, client.logger, client.fetchOptions]).toEqual(['warn', console, { cache: 'no-store' }]);
    await client.chat.completions.create({ model, messages });
    const [call] = fetch.calls;
    expect(call?.url).toBe('http://127.0.0.1:9/first/openai/v1/chat/completions?region=eu');
    expect(new Headers(call?.init.headers).get('x-app')).toBe('first');
    expect(new Headers(call?.init.headers).get('authorization')).toBe('Bearer k1');
    // withOptions() starts from what was read, and reads what it is given once.
    const again = client.withOptions(Object.defineProperty({}, 'maxRetries', { enumerable: true, get: () => { reads.set('again', (reads.get('again') ?? 0) + 1); return 3; } }));
    expect([again.maxRetries, again.timeout, again.baseURL, reads.get('again'), reads.get('timeout')]).toEqual([3, 5_000, 'http://127.0.0.1:9/first', 1, 1]);
  });

  test('withOptions() with an option that throws when read: a GroqError naming it, not the raw error', () => {
    const client = new Groq({ apiKey: 'k1', fetch: scripted(sse) });
    expect(() => client.withOptions(throwing('timeout') as ClientOptions)).toThrow(/^timeout could not be read: it threw when read \(config store down\)\. Nothing was sent\./);
    expect(() => client.withOptions('k2' as unknown as ClientOptions)).toThrow(/^withOptions\(\) takes an object of options, got a string\./);
  });
});
