import { describe, expect, test } from 'vitest';
import { checkChatRelayOptions, type ChatRelayOptions } from './chat-relay-options.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';

const model = 'llama-3.3-70b-versatile';

describe('checkChatRelayOptions', () => {
  test.each([
    [{ model: 'm', client: undefined }, /needs `client`: a Groq client, or a function of the request that gives one; got undefined/],
    [{ model: 'm', client: 'gsk_key' }, /needs `client`.*got a string\./],
    [{ model: 'm', client: null }, /needs `client`.*got null/],
    [{ model: 'm', client: { chat: {} } }, /needs `client`.*got an object\./],
    [{}, /^A chat relay needs `model` \(a model name\) or `models` \(a non-empty list of model names\); neither was given\. For example/],
    [{ model: '' }, /needs `model`.*; `model` is an empty string\./],
    [{ model: 42 }, /needs `model`.*; `model` is a number\./],
    [{ models: 'llama-3.3-70b-versatile' }, /needs `model`.*; `models` is a string, not a list\./],
    [{ models: [] }, /a non-empty list of model names\); `models` is empty\./],
    [{ models: [model, 7] }, /a non-empty list of model names\); `models\[1\]` is a number\./],
    [{ models: [model, ' '] }, /a non-empty list of model names\); `models\[1\]` is blank\./],
    [{ model, maxCompletionTokens: 0 }, /maxCompletionTokens must be a whole number from 1 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 0/],
    [{ model, maxBodyBytes: 1.5 }, /maxBodyBytes must be a whole number from 1 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 1\.5/],
    [{ model, maxMessages: -1 }, /maxMessages must be a whole number from 1 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got -1/],
    [{ model, bodyTimeoutMs: -5 }, /bodyTimeoutMs must be a number of milliseconds from 0 .* \(0 turns it off\), got -5/],
    [{ model, heartbeatMs: -1 }, /heartbeatMs must be a number of milliseconds from 0 .* \(0 turns it off\), got -1/],
    [{ model, prepare: 'system prompt' }, /prepare must be a function, got a string\./],
    [{ model, allowSystemMessages: 'false' }, /^allowSystemMessages must be true or false, got a string\.$/],
    [{ model, allowSystemMessages: 1 }, /^allowSystemMessages must be true or false, got /],
    [{ model, requestOptions: { timeout: 0 } }, /requestOptions\.timeout must be a number of milliseconds from 1/],
    [{ model, requestOptions: { maxRetries: -2 } }, /requestOptions\.maxRetries must be a whole number from 0/],
    [{ model, requestOptions: { fetchOptions: { signal: new AbortController().signal } } }, /^requestOptions\.fetchOptions must not set signal: .*\. A relay needs none: it aborts upstream when the browser leaves\.$/],
    [{ model, requestOptions: { fetchOptions: { headers: { 'x-tenant': 'a' } } } }, /^requestOptions\.fetchOptions must not set headers: .*\(requestOptions\.headers in a relay\)/],
    [{ model, requestOptions: { signal: new AbortController().signal } }, /^requestOptions\.signal is not used: the relay passes each request the signal of the browser request, so it would never abort\. Leave it out: .*\(server\.closeAllConnections\(\) in Node\)\.$/],
    [{ model, requestOptions: { signal: 'stop' } }, /^requestOptions\.signal must be an AbortSignal, got "stop"/],
    [{ model, requestOptions: { fetchOptions: { body: '{}' } } }, /^requestOptions\.fetchOptions must not set body: .*\(a relay changes them in prepare\(\)\)\.$/],
    [{ model, requestOptions: 'fast' }, /^requestOptions must be an object of request options, got a string\. Pass, for example, /],
    [{ model, requestOptions: [{ timeout: 1 }] }, /^requestOptions must be an object of request options, got a list\./],
    [{ model, requestOptions: { headers: 5 } }, /^requestOptions\.headers must be an object of header names and values, got a number\./],
    [{ model, requestOptions: { headers: ['x-a'] } }, /^requestOptions\.headers is a list, so each item must be a \[name, value\] pair; item 0 is a string\./],
    [{ model, requestOptions: { headers: { 'x-a': 'one\ntwo' } } }, /^The header "x-a" of requestOptions\.headers cannot be sent: its name or value holds characters HTTP headers cannot carry/],
    [{ model, requestOptions: { headers: { 'x a': 'v' } } }, /^The header "x a" of requestOptions\.headers cannot be sent/],
    [{ model, requestOptions: { headers: { 'x-team': { token: 't' } } } }, /^The header "x-team" of requestOptions\.headers cannot be sent: its value is an object\. Pass text/],
    [{ model, requestOptions: { headers: { 'Content-Length': '5' } } }, /^requestOptions\.headers must not set content-length: the HTTP connection manages it, so every request would be refused\. Remove it\.$/],
    [{ model, requestOptions: { query: 'a=b' } }, /^requestOptions\.query must be an object of parameter names and values, got a string\./],
    [{ model, requestOptions: { query: new URLSearchParams('a=b') } }, /^requestOptions\.query must be an object of parameter names and values, got a URLSearchParams\. .*Object\.fromEntries\(params\)/],
    [{ model, requestOptions: { query: { filter: {} } } }, /^The query parameter "filter" of requestOptions\.query cannot be sent: its value is an object\./],
    [{ model, requestOptions: { query: { tags: ['a', () => 1] } } }, /^The query parameter "tags" of requestOptions\.query cannot be sent: its value is a function\./],
  ])('%o is refused', (options, message) => {
    const error = (() => {
      try {
        checkChatRelayOptions({ client: () => new Groq({ apiKey: 'k' }), ...options } as unknown as ChatRelayOptions);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(message);
  });

  test('options without a client at all (not even an undefined one, nor a getter up the prototype chain) are refused', () => {
    expect(() => checkChatRelayOptions({ model } as ChatRelayOptions)).toThrow(/needs `client`: a Groq client, or a function of the request that gives one; got undefined/);
  });

  test('valid options pass, and `client` is not read (it may be a getter that creates it on the first request)', () => {
    let clientReads = 0;
    const options = {
      get client(): Groq {
        clientReads++;
        return new Groq({ apiKey: 'k' });
      },
      models: [model, 'llama-3.1-8b-instant'],
      maxCompletionTokens: 1,
      maxBodyBytes: 1,
      maxMessages: 1,
      allowSystemMessages: true,
      bodyTimeoutMs: 0,
      heartbeatMs: 0,
      prepare: (params) => params,
      requestOptions: { timeout: 1, maxRetries: 0, streamIdleTimeout: 0 },
    } satisfies ChatRelayOptions;
    expect(() => checkChatRelayOptions(options)).not.toThrow();
    expect(() => checkChatRelayOptions({ client: options.client, model })).not.toThrow();
    expect(clientReads).toBe(1);
    class LazyOptions {
      readonly model = model;
      get client(): Groq {
        clientReads++;
        return new Groq({ apiKey: 'k' });
      }
    }
    expect(() => checkChatRelayOptions(new LazyOptions())).not.toThrow();
    expect(clientReads).toBe(1);
  });
});

describe('checkChatRelayOptions: requestOptions', () => {
  /** A client whose fetch records what each request sent, and answers a whole completion. */
  function recordingClient() {
    const sent: { url: string; headers: Headers }[] = [];
    const fetch = (url: string, init: RequestInit) => {
      sent.push({ url, headers: new Headers(init.headers) });
      return Promise.resolve(Response.json({ id: 'c', object: 'chat.completion', created: 1, model, choices: [] }));
    };
    return { client: new Groq({ apiKey: 'k', baseURL: 'http://upstream.test', fetch, maxRetries: 0 }), sent };
  }
  const params = { model, messages: [{ role: 'user' as const, content: 'hi' }] };

  test('a headers or query value that create() refuses is refused when the relay is made, naming requestOptions.headers or requestOptions.query', async () => {
    const { client, sent } = recordingClient();
    const refused: [string, Record<string, unknown>][] = [
      ['headers', { headers: 5 }],
      ['headers', { headers: { 'x-a': 'one\r\ntwo' } }],
      ['headers', { headers: { 'x-a': [{}] } }],
      ['headers', { headers: { 'x-a': Symbol('s') } }],
      ['headers', { headers: new Map([['x-a', 'v\nw']]) }],
      ['headers', { headers: { 'transfer-encoding': 'chunked' } }],
      ['headers', { headers: [['expect', '100-continue']] }],
      ['query', { query: 'a=b' }],
      ['query', { query: { a: {} } }],
      ['query', { query: { a: [1, null, new Date(0)] } }],
      ['query', { query: new Map([['a', 'b']]) }],
    ];
    for (const [option, requestOptions] of refused) {
      await expect(client.chat.completions.create(params, requestOptions), JSON.stringify(requestOptions)).rejects.toThrow(GroqError);
      let error: unknown;
      try {
        checkChatRelayOptions({ client, model, requestOptions });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, String(Object.values(requestOptions)[0])).toBeInstanceOf(GroqError);
      expect((error as Error).message).toContain(`requestOptions.${option}`);
    }
    expect(sent).toHaveLength(0);
  });

  test('headers and query parameters that create() sends are sent the same through the copy the relay made', async () => {
    const { client, sent } = recordingClient();
    const accepted: Record<string, unknown>[] = [
      { headers: { 'x-a': 5, 'x-b': true, 'x-c': ['1', '2'], 'x-d': null, 'x-e': undefined } },
      { headers: [['x-a', 'v'], ['x-a', 'w'], [7, 'nameless']] },
      { headers: new Map([['x-a', 'v']]) },
      { headers: new Headers([['x-a', 'v'], ['x-b', 'w']]) },
      { headers: null, query: null },
      { query: { a: [1, 'b', false], b: null, c: undefined, 'filter[model]': 'llama' } },
    ];
    for (const given of accepted) {
      await client.chat.completions.create(params, given);
      await client.chat.completions.create(params, { ...checkChatRelayOptions({ client, model, requestOptions: given }), signal: null });
      const [direct, relayed] = sent.splice(0);
      expect(relayed?.url, JSON.stringify(given)).toBe(direct?.url);
      expect([...relayed!.headers], JSON.stringify(given)).toEqual([...direct!.headers]);
    }
  });

  test('are read once, when the relay is made, into a plain copy that every request sends as create() would send the originals', async () => {
    const { client, sent } = recordingClient();
    let reads = 0;
    const headers = new Headers({ 'x-app': 'demo' });
    const given = {
      get timeout() {
        reads++;
        return 5000;
      },
      maxRetries: 0,
      streamIdleTimeout: 0,
      headers,
      query: { region: 'eu', tag: ['a', 2, true], gone: null, none: undefined },
      fetchOptions: { cache: 'no-store' as const },
    };
    const requestOptions = checkChatRelayOptions({ client, model, requestOptions: given });
    expect(reads).toBe(1);
    // Plain data: no getter is left to run (or throw) at a request, and later changes to what was given are not seen.
    expect(Object.values(Object.getOwnPropertyDescriptors(requestOptions)).every((descriptor) => 'value' in descriptor)).toBe(true);
    expect(requestOptions).toEqual({
      timeout: 5000,
      maxRetries: 0,
      streamIdleTimeout: 0,
      headers: [['x-app', 'demo']],
      query: { region: ['eu'], tag: ['a', '2', 'true'], gone: [], none: [] },
      fetchOptions: { cache: 'no-store' },
    });
    headers.set('x-app', 'changed');
    given.fetchOptions.cache = 'reload' as 'no-store';
    await client.chat.completions.create(params, { ...requestOptions, signal: new AbortController().signal });
    await client.chat.completions.create(params, { ...requestOptions, signal: new AbortController().signal });
    expect(reads).toBe(1);
    expect(sent.map(({ url }) => url)).toEqual(Array(2).fill('http://upstream.test/openai/v1/chat/completions?region=eu&tag=a&tag=2&tag=true'));
    expect(sent.map(({ headers: each }) => each.get('x-app'))).toEqual(['demo', 'demo']);
    expect(checkChatRelayOptions({ client, model })).toEqual({});
    expect(checkChatRelayOptions({ client, model, requestOptions: null as never })).toEqual({});
  });

  test('an option or an entry that throws when read is a GroqError naming it when the relay is made', () => {
    const { client } = recordingClient();
    const throwing = {
      get headers(): never {
        throw new Error('vault sealed');
      },
    };
    expect(() => checkChatRelayOptions({ client, model, requestOptions: throwing })).toThrow(/^requestOptions\.headers could not be read: it threw when read \(.*vault sealed.*\)\./);
    const entry = {
      query: {
        get region(): never {
          throw new Error('vault sealed');
        },
      },
    };
    expect(() => checkChatRelayOptions({ client, model, requestOptions: entry })).toThrow(/^requestOptions\.query could not be read: one of its entries threw when read/);
    let given: object | undefined;
    const lazy = {
      client,
      model,
      get requestOptions(): object {
        if (given !== undefined) throw new Error('read again');
        given = { maxRetries: 1 };
        return given;
      },
    };
    // Read once: the getter that would throw at a second read is not read again.
    expect(checkChatRelayOptions(lazy as ChatRelayOptions)).toEqual({ maxRetries: 1 });
  });
});
