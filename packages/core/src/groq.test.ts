import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { AuthenticationError } from './errors/authentication-error.js';
import { GroqError } from './errors/groq-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { PermissionDeniedError } from './errors/permission-denied-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import type { Fetch, FetchOptions } from './client-options.js';
import { Groq } from './groq.js';
import { logWithClient } from './log-with-client.js';
import { sseFrames } from './sse-frames.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { countedSignal } from './test/counted-signal.js';
import { createTestBody } from './test/create-test-body.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { recordingLogger } from './test/recording-logger.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

/** A fetch that answers from a list, recording each request. */
function scripted(...answers: (() => Response | Promise<Response>)[]): Fetch & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return answer!();
  };
  return Object.assign(fetch, { calls });
}

const sse = () =>
  new Response(encodeSSETranscript(createChunkTranscript({ chunks: 5 })) as BodyInit, { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_9' } });

/**
 * A body that sends `text` and then stalls until the request's signal aborts, and then fails with an
 * `AbortError` of its own, as fetch polyfills do, rather than with the signal's reason as undici's does.
 */
function stalledBody(text: string, init: RequestInit): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      init.signal?.addEventListener('abort', () => controller.error(new DOMException('This operation was aborted', 'AbortError')));
    },
  });
}

describe('Groq (runtime-agnostic client)', () => {
  test('headers as an object, a Headers or pairs, and query parameters per request, as groq-sdk takes them', async () => {
    const fetch = scripted(sse);
    const defaults = new Headers({ 'x-app': 'demo', 'x-drop': 'soon' });
    const client = new Groq({ apiKey: 'k1', baseURL: 'https://example.test', fetch, defaultHeaders: defaults, defaultQuery: { region: 'eu', trace: '1' } });
    defaults.set('x-late', 'ignored'); // the client keeps what it was given
    await client.chat.completions.create({ model, messages, stream: true }, { headers: [['x-request', 'one']], query: { trace: '2', extra: 'x' } });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-drop': null } });
    const [first, second] = fetch.calls;
    const headers = new Headers(first!.init.headers);
    expect([headers.get('x-app'), headers.get('x-drop'), headers.get('x-request'), headers.get('x-late')]).toEqual(['demo', 'soon', 'one', null]);
    expect(new URL(first!.url).search).toBe('?region=eu&trace=2&extra=x');
    expect(new Headers(second!.init.headers).has('x-drop')).toBe(false);
    expect(new URL(second!.url).search).toBe('?region=eu&trace=1');
  });

  test('query values that are numbers, booleans or lists, and an authorization header that replaces the key, as in groq-sdk', async () => {
    const fetch = scripted(sse, sse);
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch, defaultQuery: { page: 1 } });
    await client.chat.completions.create({ model, messages, stream: true }, { query: { verbose: true, tag: ['a', 'b'], gone: null } });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: { Authorization: 'Bearer tenant-key-0123' } });
    const [first, second] = fetch.calls;
    expect(new URL(first!.url).search).toBe('?page=1&verbose=true&tag=a&tag=b');
    expect(new Headers(first!.init.headers).get('authorization')).toBe('Bearer gsk_server_key_0123');
    expect(new Headers(second!.init.headers).get('authorization')).toBe('Bearer tenant-key-0123');
  });

  test("a query string in client.request()'s path is the request's: the query option replaces its parameters of the same names, and they replace defaultQuery's", async () => {
    const fetch = scripted(() => Response.json({ object: 'list', data: [] }));
    const client = new Groq({ apiKey: 'k1', baseURL: 'https://example.test', fetch, defaultQuery: { x: 'default', region: 'eu' } });
    const search = async (path: string, query?: Record<string, string | string[] | null>): Promise<string> => {
      const sent = await client.request('GET', path, undefined, query === undefined ? undefined : { query });
      await sent.response.body?.cancel();
      return new URL(fetch.calls.at(-1)!.url).search;
    };
    // Each name once: the option's value, over the path's, over the default's.
    expect(await search('/openai/v1/models?x=1&keep=1', { x: '2' })).toBe('?keep=1&region=eu&x=2');
    expect(await search('/openai/v1/models?x=1&keep=1')).toBe('?x=1&keep=1&region=eu');
    expect(await search('/openai/v1/models?region=us', { x: '2' })).toBe('?region=us&x=2');
    // A list replaces every value of the name, and null takes the name out of the path too.
    expect(await search('/openai/v1/models?x=1&x=2&keep=1', { x: ['3', '4'] })).toBe('?keep=1&region=eu&x=3&x=4');
    expect(await search('/openai/v1/models?x=1&keep=1', { x: null })).toBe('?keep=1&region=eu');
    // Without a query option, the client's own paths are unchanged.
    expect(await search('/openai/v1/models')).toBe('?x=default&region=eu');
  });

  test('a 401 says which option replaced, emptied or removed the Authorization header, not to check apiKey, and never quotes the key', async () => {
    const key = 'gsk_server_key_7f3a9b2c1d5e';
    // Groq's answer to any Authorization header but the key's.
    const fetch = scripted(() => Response.json({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }, { status: 401 }));
    const refusal = async (defaultHeaders: Record<string, string | null> | undefined, headers?: Record<string, string | null | undefined>) => {
      const client = new Groq({ apiKey: key, baseURL: 'https://example.test', fetch, maxRetries: 0, ...(defaultHeaders === undefined ? {} : { defaultHeaders }) });
      const error = await client.chat.completions.create({ model, messages, stream: true }, headers === undefined ? undefined : { headers }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).not.toContain(key);
      return (error as Error).message;
    };
    const advice = (what: string, where: string) => `The Authorization header was ${what} by ${where}, so apiKey was not sent: check it there, or leave it out to send apiKey.`;
    const cases: [Record<string, string | null> | undefined, Record<string, string | null | undefined> | undefined, string][] = [
      [{ authorization: '' }, undefined, advice('set empty', 'defaultHeaders')],
      [{ Authorization: '   ' }, undefined, advice('set empty', 'defaultHeaders')],
      [undefined, { authorization: '' }, advice('set empty', "the request's headers")],
      [{ authorization: 'Bearer proxy-token-0123' }, undefined, advice('replaced', 'defaultHeaders')],
      [{ authorization: 'Bearer proxy-token-0123' }, { authorization: '' }, advice('set empty', "the request's headers")],
      [{ authorization: '' }, { authorization: undefined }, advice('set empty', 'defaultHeaders')],
      [undefined, { Authorization: null }, advice('removed', "the request's headers")],
    ];
    for (const [defaultHeaders, headers, expected] of cases) {
      const message = await refusal(defaultHeaders, headers);
      expect(message, JSON.stringify([defaultHeaders, headers])).toBe(`401 Invalid API Key. [POST /openai/v1/chat/completions]. ${expected}`);
      expect(message).not.toMatch(/GROQ_API_KEY/);
    }
    // Sent as given, as groq-sdk sends it: the override is the caller's to make.
    expect(new Headers(fetch.calls[0]!.init.headers).get('authorization')).toBe('');
    // The key's own 401 keeps the key's advice, also when a header repeats what apiKey would send.
    expect(await refusal({ 'x-app': 'demo' })).toBe(`401 Invalid API Key. [POST /openai/v1/chat/completions]. ${AuthenticationError.hint}`);
    expect(await refusal({ authorization: `Bearer ${key}` })).toBe(`401 Invalid API Key. [POST /openai/v1/chat/completions]. ${AuthenticationError.hint}`);
  });

  test('a 403 for a credential that replaced the key says so, rather than that the key is valid', async () => {
    const key = 'gsk_server_key_7f3a9b2c1d5e';
    const fetch = scripted(() => Response.json({ error: { message: 'Permission denied', type: 'permissions_error' } }, { status: 403 }));
    const refusal = async (defaultHeaders?: Record<string, string>) => {
      const client = new Groq({ apiKey: key, baseURL: 'https://example.test', fetch, maxRetries: 0, ...(defaultHeaders === undefined ? {} : { defaultHeaders }) });
      const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      return (error as Error).message;
    };
    expect(await refusal({ authorization: 'Bearer tenant-key-0123' })).toBe(
      '403 Permission denied. [POST /openai/v1/chat/completions]. The Authorization header was replaced by defaultHeaders, so apiKey was not sent: check it there, or leave it out to send apiKey.',
    );
    expect(await refusal()).toBe(`403 Permission denied. [POST /openai/v1/chat/completions]. ${PermissionDeniedError.hint}`);
  });

  test('a tenant key sent as a header, or a secret query parameter, is redacted when a server echoes it bare', async () => {
    const echo = (text: string) => () => Response.json({ error: { message: text } }, { status: 400 });
    const fetch = scripted(echo('no access for tenant-key-7f3a9b2c1d5e'), echo('the proxy key proxy-key-55aa66bb was refused'));
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch, maxRetries: 0 });
    const first = await client.chat.completions.create({ model, messages }, { headers: { 'X-Api-Key': 'tenant-key-7f3a9b2c1d5e' } }).catch((error: unknown) => error);
    expect((first as Error).message).toContain('no access for [redacted]');
    const second = await client.chat.completions.create({ model, messages }, { query: { access_token: 'proxy-key-55aa66bb' } }).catch((error: unknown) => error);
    expect((second as Error).message).toContain('the proxy key [redacted] was refused');
  });

  test("a header or query parameter whose name only holds a credential's letters inside a word (x-idempotency-key, X-Author, design) is shown when a server echoes it; the key is not", async () => {
    const key = 'gsk_server_key_idem_7f3a9b2c';
    const echoing: Fetch = async (url, init) => {
      const headers = new Headers(init.headers);
      const sent = [headers.get('x-idempotency-key'), headers.get('x-author'), new URL(url).searchParams.get('design'), headers.get('x-api-key')];
      return Response.json({ error: { message: `key ${headers.get('authorization')?.slice(7)} sent request ${sent.join(' ')} twice` } }, { status: 409 });
    };
    const logger = recordingLogger();
    const client = new Groq({ apiKey: key, baseURL: 'https://example.test', fetch: echoing, maxRetries: 0, logger });
    const headers = { 'x-idempotency-key': 'order-abc-123', 'X-Author': 'alice-liddell', 'x-api-key': 'tenant-key-idem-4d5e6f7a' };
    const error = await client.chat.completions.create({ model, messages }, { headers, query: { design: 'compact-layout' } }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^409 key \[redacted\] sent request order-abc-123 alice-liddell compact-layout \[redacted\] twice\. \[POST/);
    logWithClient(client, 'warn', `retrying order-abc-123 by alice-liddell for ${key}`);
    expect(logger.calls).toEqual([['warn', '[groq-stream] retrying order-abc-123 by alice-liddell for [redacted]']]);
  });

  test('a header named as a password or passphrase (x-db-passwd, x-ssh-passphrase) is remembered as a key header is', async () => {
    const fetch = scripted(...['wrong passwd Hx7-corp-db-2k9 given', 'wrong phrase correct-horse-battery given'].map((text) => () => Response.json({ error: { message: text } }, { status: 400 })));
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch, maxRetries: 0 });
    const first = await client.chat.completions.create({ model, messages }, { headers: { 'x-db-passwd': 'Hx7-corp-db-2k9' } }).catch((error: unknown) => error);
    const second = await client.chat.completions.create({ model, messages }, { headers: { 'X-SSH-Passphrase': 'correct-horse-battery' } }).catch((error: unknown) => error);
    expect([first, second].map((error) => (error as Error).message.replace(/\. \[POST.*$/, ''))).toEqual(['400 wrong passwd [redacted] given', '400 wrong phrase [redacted] given']);
  });

  test("a header or query parameter named as a session's id, a one-time code, a PIN or credentials (x-session-id, ?otp=, x-amz-mfa, pin_code, X-Client-Credentials) is remembered; a session's affinity is not", async () => {
    const sent = { 'x-session-id': 'sess-7f3a9b2c1d', 'x-amz-mfa': 'mfa-serial 48213907', 'X-Client-Credentials': 'corp-relay:Tr0ub4dor', 'x-session-affinity': 'eu-west1a-pool' };
    const echoing: Fetch = async (url, init) => {
      const headers = new Headers(init.headers);
      const query = new URL(url).searchParams;
      const values = [...Object.keys(sent).map((name) => headers.get(name)), query.get('otp'), query.get('pin_code')];
      return Response.json({ error: { message: `refused ${values.join(' | ')}` } }, { status: 400 });
    };
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch: echoing, maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }, { headers: sent, query: { otp: '90417763', pin_code: '80551234' } }).catch((caught: unknown) => caught);
    expect((error as Error).message.replace(/\. \[POST.*$/, '')).toBe('400 refused [redacted] | [redacted] | [redacted] | eu-west1a-pool | [redacted] | [redacted]');
  });

  test("a Basic credential is redacted as sent and decoded (user:password, and the password), in authorization or proxy-authorization, as is any header named as a key's", async () => {
    const echo = (text: string) => () => Response.json({ error: { message: text } }, { status: 400 });
    const fetch = scripted(
      echo('user corp-relay:Tr0ub4dor-9x7q was refused'),
      echo('bad password Tr0ub4dor-9x7q for corp-relay'),
      echo('no proxy access for proxyuser:Pr0xyPa55-k2m4 (cHJveHl1c2VyOlByMHh5UGE1NS1rMm00)'),
      echo('unknown key AIzaSyD-goog-4f5e6d7c8b9a'),
      echo('bad password mötley-crüe-7x9 for corp-relay'),
    );
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch, maxRetries: 0 });
    const basic = { authorization: `Basic ${btoa('corp-relay:Tr0ub4dor-9x7q')}` };
    const messagesOf = [
      await client.chat.completions.create({ model, messages }, { headers: basic }).catch((error: unknown) => error),
      await client.chat.completions.create({ model, messages }, { headers: basic }).catch((error: unknown) => error),
      await client.chat.completions.create({ model, messages }, { headers: { 'Proxy-Authorization': `Basic ${btoa('proxyuser:Pr0xyPa55-k2m4')}` } }).catch((error: unknown) => error),
      await client.chat.completions.create({ model, messages }, { headers: { 'x-goog-api-key': 'AIzaSyD-goog-4f5e6d7c8b9a' } }).catch((error: unknown) => error),
      // A password beyond ASCII, encoded as UTF-8 before base64, as browsers and curl send it.
      await client.chat.completions.create({ model, messages }, { headers: { authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode('corp-relay:mötley-crüe-7x9')))}` } }).catch((error: unknown) => error),
    ].map((error) => (error as Error).message.replace(/\. \[POST.*$/, ''));
    expect(messagesOf).toEqual(['400 user [redacted] was refused', '400 bad password [redacted] for corp-relay', '400 no proxy access for [redacted] ([redacted])', '400 unknown key [redacted]', '400 bad password [redacted] for corp-relay']);
  });

  test("Digest's response and AWS's or OAuth's signature in an authorization header are remembered alone: an echo of only that value is redacted", async () => {
    const echo = (text: string) => () => Response.json({ error: { message: text } }, { status: 400 });
    const fetch = scripted(echo('response 6629fae49393a05397450978507c4ef1 does not match'), echo('signature 5d672d79c15b13162d9279b0855cfba6 does not match; nor does wVb3kq9Zp2xR8mT4'));
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch, maxRetries: 0 });
    const digest = 'Digest username="u", realm="r", nonce="dcd98b7102dd2f0e", uri="/v1", response="6629fae49393a05397450978507c4ef1"';
    const aws = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6';
    const first = await client.chat.completions.create({ model, messages }, { headers: { authorization: digest } }).catch((error: unknown) => error);
    const second = await client.chat.completions.create({ model, messages }, { headers: { 'proxy-authorization': aws, 'x-oauth': 'OAuth oauth_token="wVb3kq9Zp2xR8mT4"' } }).catch((error: unknown) => error);
    expect([first, second].map((error) => (error as Error).message.replace(/\. \[POST.*$/, ''))).toEqual(['400 response [redacted] does not match', '400 signature [redacted] does not match; nor does [redacted]']);
  });

  test('a credential header given with white space around it (read from a file, line break and all) is redacted as it was sent, without it', async () => {
    // Echoes the credentials as the server received them, bare, as a gateway's "unknown key ..." does.
    const echoing: Fetch = async (_url, init) => {
      const headers = new Headers(init.headers);
      const sent = headers.get('x-api-key') ?? headers.get('authorization')?.replace(/^Bearer /, '');
      return Response.json({ error: { message: `refused ${sent}` } }, { status: 400 });
    };
    const client = new Groq({ apiKey: 'gsk_server_key_0123', baseURL: 'https://example.test', fetch: echoing, maxRetries: 0 });
    const given = [
      { 'x-api-key': 'tenant-key-file-7f3a9b2c\n' },
      { 'x-api-key': '  tenant-key-spaces-4d5e6f7a\t' },
      { authorization: ' Bearer tenant-key-space-8b9c0d1e' },
      { authorization: 'Bearer tenant-key-crlf-2f3a4b5c\r\n' },
    ];
    for (const headers of given) {
      const error = await client.chat.completions.create({ model, messages }, { headers }).catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/^400 refused \[redacted\]\. \[POST/);
    }
    // What a relay passes on to the browser too.
    expect(sseFrames.data({ id: 'c', debug: 'tenant-key-file-7f3a9b2c' })).toBe('data: {"id":"c","debug":"[redacted]"}\n\n');
  });

  test('a whole completion whose body cannot be read says why, as a connection error', async () => {
    const broken = () =>
      new Response(new ReadableStream({ pull: (controller) => controller.error(new TypeError('terminated', { cause: new Error('other side closed') })) }), {
        headers: { 'content-type': 'application/json' },
      });
    const error = await new Groq({ apiKey: 'k', fetch: scripted(broken) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as Error).message).toMatch(/^The response body could not be read: terminated: other side closed\. \[POST \/openai\/v1\/chat\/completions\]/);
  });

  test('a whole answer larger than 32 MiB is refused once that much has come, the rest not read', async () => {
    let pulls = 0;
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulls++;
            controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const error = await new Groq({ apiKey: 'k', fetch: scripted(endless) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/^The response body is larger than 32 MiB/);
    expect(pulls).toBeLessThan(40);
  });

  test("Groq's error shape, or an array, under a 200 is an error, not a ChatCompletion (nor, streamed, a body of the wrong kind)", async () => {
    const overloaded = () => Response.json({ error: { message: 'model overloaded', type: 'server_error' } });
    const error = await new Groq({ apiKey: 'k', fetch: scripted(overloaded) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect([(error as APIError).status, (error as Error).message]).toEqual([200, expect.stringMatching(/^200 model overloaded/)]);
    // Streamed too: the server's error, with its code and type, not a body that is no event stream.
    const streamed = await new Groq({ apiKey: 'k', fetch: scripted(() => Response.json({ error: { message: 'model overloaded', type: 'server_error', code: 'overloaded' } })) })
      .chat.completions.create({ model, messages, stream: true })
      .catch((caught: unknown) => caught);
    expect(streamed).toBeInstanceOf(APIError);
    expect([(streamed as APIError).status, (streamed as APIError).code, (streamed as APIError).type, (streamed as Error).message]).toEqual([
      200,
      'overloaded',
      'server_error',
      expect.stringMatching(/^200 model overloaded\. \[POST \/openai\/v1\/chat\/completions\]/),
    ]);
    const list = () => Response.json([1, 2]);
    const second = await new Groq({ apiKey: 'k', fetch: scripted(list) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((second as Error).message).toMatch(/^Expected a chat completion \(a JSON object whose choices are objects with a message\) but got application\/json, body "\[1,2\]"/);
  });

  describe('a 200 whose body holds choices and an error member', () => {
    const key = 'gsk_server_key_7f3a9b2c1d5e';
    const headers = { 'x-request-id': 'req_200' };
    const completion = (error: unknown) => ({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], error });
    const chunk = (error: unknown) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }], error });
    const whole = (error: unknown) => {
      const fetch = scripted(() => Response.json(completion(error), { headers }));
      return { fetch, answer: new Groq({ apiKey: key, fetch }).chat.completions.create({ model, messages }) };
    };
    const streamed = async (error: unknown) => {
      const events = `data: ${JSON.stringify(chunk(error))}\n\ndata: [DONE]\n\n`;
      const stream = await new Groq({ apiKey: key, fetch: scripted(() => new Response(events, { headers: { ...headers, 'content-type': 'text/event-stream' } })) }).chat.completions.create({
        model,
        messages,
        stream: true,
      });
      for await (const _ of stream);
    };
    const noMessage = '200 status code (a JSON body without an error message: see error.error) [POST /openai/v1/chat/completions, request req_200]';

    // Whatever the stream raises as a data object's `error` (anything but null or absent), a whole answer raises too.
    test.each<[string, unknown, string]>([
      ["Groq's error object", { message: `model overloaded for ${key}`, type: 'server_error', code: 'overloaded' }, '200 model overloaded for [redacted]. [POST /openai/v1/chat/completions, request req_200]'],
      ['a string', 'model overloaded', '200 model overloaded. [POST /openai/v1/chat/completions, request req_200]'],
      ['an empty string', '', noMessage],
      ['false', false, noMessage],
      ['an empty object', {}, noMessage],
      ['0', 0, noMessage],
    ])('%s is an APIError with status 200 and the request id, not retried, as the stream raises it', async (_, error, message) => {
      const { fetch, answer } = whole(error);
      const caught = await answer.catch((thrown: unknown) => thrown);
      expect(caught).toBeInstanceOf(APIError);
      expect([(caught as APIError).status, (caught as APIError).requestId, (caught as Error).message]).toEqual([200, 'req_200', message]);
      expect(JSON.stringify((caught as APIError).error)).not.toContain(key);
      expect(fetch.calls).toHaveLength(1);
      await expect(streamed(error)).rejects.toBeInstanceOf(StreamServerError);
    });

    test('keeps the code and type of an error object, and the whole body as error, as groq-sdk gives it', async () => {
      const caught = (await whole({ message: 'model overloaded', type: 'server_error', code: 'overloaded' }).answer.catch((thrown: unknown) => thrown)) as APIError;
      expect([caught.code, caught.type, (caught.error as { choices?: unknown }).choices]).toEqual(['overloaded', 'server_error', completion(null).choices]);
    });

    test('asked for a stream, a JSON answer (not an event stream) with one is the same error, not a body of the wrong kind', async () => {
      const fetch = scripted(() => Response.json(completion({ message: 'model overloaded', type: 'server_error', code: 'overloaded' }), { headers }));
      const caught = await new Groq({ apiKey: key, fetch }).chat.completions.create({ model, messages, stream: true }).catch((thrown: unknown) => thrown);
      expect(caught).toBeInstanceOf(APIError);
      expect([(caught as APIError).status, (caught as APIError).code, (caught as Error).message]).toEqual([
        200,
        'overloaded',
        '200 model overloaded. [POST /openai/v1/chat/completions, request req_200]',
      ]);
      expect(fetch.calls).toHaveLength(1);
    });

    test('null is no error, whole or streamed: the completion', async () => {
      expect((await whole(null).answer).choices[0]?.message.content).toBe('hi');
      await streamed(null);
    });
  });

  test('a 200 whose choices are not objects with a message is an APIError, not a ChatCompletion that breaks later', async () => {
    for (const choices of ['nope', { 0: { message: { content: 'x' } } }, [null], [1], [{}], [{ message: 'x' }], undefined]) {
      const completion = () => Response.json({ id: 'chatcmpl-1', object: 'chat.completion', choices });
      const error = await new Groq({ apiKey: 'k', fetch: scripted(completion) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(choices)).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(200);
      expect((error as Error).message).toMatch(/^Expected a chat completion \(a JSON object whose choices are objects with a message\) but got application\/json, body "\{\\"id\\":\\"chatcmpl-1\\"/);
    }
    const fine = () => Response.json({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] });
    const completion = await new Groq({ apiKey: 'k', fetch: scripted(fine) }).chat.completions.create({ model, messages });
    expect(completion.choices[0]?.message.content).toBe('hi');
  });

  describe('a 200 whose fields have another JSON type than ChatCompletion gives them', () => {
    // As Groq answers with stream: false: every typed field there, each of its own JSON type.
    const usage = { queue_time: 0.05, prompt_tokens: 40, prompt_time: 0.002, completion_tokens: 12, completion_time: 0.01, total_tokens: 52, total_time: 0.012 };
    const groqAnswer = {
      id: 'chatcmpl-2b4d1c2e-6a0b-4a5e-9d7e-3f7e3b0e9a11',
      object: 'chat.completion',
      created: 1761231347,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            reasoning: 'The user wants the weather.',
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            executed_tools: [{ index: 0, type: 'search', arguments: '{}', output: 'x' }],
            annotations: [{ type: 'document_citation', document_citation: { document_id: 'd', start_index: 0, end_index: 1 } }],
            function_call: { name: 'get_weather', arguments: '{}' },
          },
          logprobs: { content: [{ token: 'a', logprob: -0.1, bytes: [97], top_logprobs: [] }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { ...usage, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: null },
      usage_breakdown: null,
      system_fingerprint: 'fp_05df423bab',
      service_tier: 'on_demand',
      mcp_list_tools: [{ id: 'mcp_1', type: 'mcp_list_tools', server_label: 'docs', tools: [{ name: 'search', description: 'Searches the docs', input_schema: { type: 'object' }, annotations: null }] }],
      x_groq: { id: 'req_01k88s37gyfaqa5ckqj4t7mrg8', seed: 12, usage: { sram_cached_tokens: 0, dram_cached_tokens: 0 }, debug: null },
    };
    type Answer = typeof groqAnswer;
    type Choice = Answer['choices'][number];
    const withChoice = (change: (choice: Choice) => object) => ({ ...groqAnswer, choices: [change(groqAnswer.choices[0]!)] });
    const withMessage = (change: (message: Choice['message']) => object) => withChoice((choice) => ({ ...choice, message: change(choice.message) }));
    const ask = (body: object) =>
      new Groq({ apiKey: 'k', fetch: scripted(() => Response.json(body, { headers: { 'x-request-id': 'req_7' } })) }).chat.completions.create({ model, messages });

    test.each<[string, object, string]>([
      ['message.content a number', withMessage((message) => ({ ...message, content: 42 })), 'choices[0].message.content is not text: 42'],
      ['message.reasoning an object', withMessage((message) => ({ ...message, reasoning: { text: 'x' } })), 'choices[0].message.reasoning is not text: an object'],
      ['message.role a number', withMessage((message) => ({ ...message, role: 1 })), 'choices[0].message.role is not text: 1'],
      ['message.tool_calls an object', withMessage((message) => ({ ...message, tool_calls: { id: 'call_1' } })), 'choices[0].message.tool_calls is not a list: an object'],
      ['a tool call that is text', withMessage((message) => ({ ...message, tool_calls: ['call_1'] })), 'choices[0].message.tool_calls[0] is not an object: "call_1"'],
      ['a tool call id a number', withMessage((message) => ({ ...message, tool_calls: [{ ...message.tool_calls[0], id: 7 }] })), 'choices[0].message.tool_calls[0].id is not text: 7'],
      ['a tool call type a list', withMessage((message) => ({ ...message, tool_calls: [{ ...message.tool_calls[0], type: [] }] })), 'choices[0].message.tool_calls[0].type is not text: a list of 0 items'],
      ['a tool call function.name a number', withMessage((message) => ({ ...message, tool_calls: [{ ...message.tool_calls[0], function: { name: 3, arguments: '{}' } }] })), 'choices[0].message.tool_calls[0].function.name is not text: 3'],
      ['a tool call function.arguments an object', withMessage((message) => ({ ...message, tool_calls: [{ ...message.tool_calls[0], function: { name: 'f', arguments: { city: 'Paris' } } }] })), 'choices[0].message.tool_calls[0].function.arguments is not text: an object'],
      ['function_call.arguments an object', withMessage((message) => ({ ...message, function_call: { name: 'f', arguments: {} } })), 'choices[0].message.function_call.arguments is not text: an object'],
      ['an executed tool that is a number', withMessage((message) => ({ ...message, executed_tools: [5] })), 'choices[0].message.executed_tools[0] is not an object: 5'],
      ['annotations text', withMessage((message) => ({ ...message, annotations: 'cited' })), 'choices[0].message.annotations is not a list: "cited"'],
      ['logprobs.content an object', withChoice((choice) => ({ ...choice, logprobs: { content: {} } })), 'choices[0].logprobs.content is not a list: an object'],
      ['finish_reason a number', withChoice((choice) => ({ ...choice, finish_reason: 1 })), 'choices[0].finish_reason is not text: 1'],
      ['index text', withChoice((choice) => ({ ...choice, index: '0' })), 'choices[0].index is not a whole number from 0: "0"'],
      ['usage.total_tokens text', { ...groqAnswer, usage: { ...usage, total_tokens: '52' } }, 'usage.total_tokens is not a number: "52"'],
      ['usage.prompt_tokens_details.cached_tokens text', { ...groqAnswer, usage: { ...usage, prompt_tokens_details: { cached_tokens: 'none' } } }, 'usage.prompt_tokens_details.cached_tokens is not a number: "none"'],
      ['id a number', { ...groqAnswer, id: 5 }, 'id is not text: 5'],
      ['created text', { ...groqAnswer, created: '1761231347' }, 'created is not a number: "1761231347"'],
      ['model an object', { ...groqAnswer, model: {} }, 'model is not text: an object'],
      ['service_tier a number', { ...groqAnswer, service_tier: 2 }, 'service_tier is not text: 2'],
      ['x_groq.id a number', { ...groqAnswer, x_groq: { id: 9 } }, 'x_groq.id is not text: 9'],
      ['mcp_list_tools an object', { ...groqAnswer, mcp_list_tools: { id: 'mcp_1' } }, 'mcp_list_tools is not a list: an object'],
      ['an MCP tool list that is text', { ...groqAnswer, mcp_list_tools: [{ id: 'mcp_1', server_label: 'docs', type: 'mcp_list_tools', tools: [] }, 'docs'] }, 'mcp_list_tools[1] is not an object: "docs"'],
      ['x_groq.usage.dram_cached_tokens text', { ...groqAnswer, x_groq: { id: 'req_1', usage: { dram_cached_tokens: '1' } } }, 'x_groq.usage.dram_cached_tokens is not a number: "1"'],
    ])('%s is an APIError naming the field, not a ChatCompletion', async (_, body, said) => {
      const error = await ask(body).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIError);
      expect([(error as APIError).status, (error as APIError).requestId]).toEqual([200, 'req_7']);
      expect((error as Error).message).toMatch(new RegExp(`^The server sent a chat completion whose ${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[`));
    });

    test("a value's text is excerpted and redacted in the message", async () => {
      const key = `gsk_${'A1b2C3d4'.repeat(6)}`;
      const error = await ask({ ...groqAnswer, usage: { ...usage, total_tokens: `${key} ${'x'.repeat(500)}` } }).catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/^The server sent a chat completion whose usage\.total_tokens is not a number: "/);
      expect((error as Error).message).not.toContain(key);
      expect((error as Error).message.length).toBeLessThan(500);
    });

    test('a real answer passes, and so do null where documented, absent fields, values Groq may add later and fields of its own', async () => {
      expect(await ask(groqAnswer)).toEqual(groqAnswer);
      const sparse = { choices: [{ message: { content: 'hi' } }] };
      expect(await ask(sparse)).toEqual(sparse);
      const nulls = {
        ...groqAnswer,
        system_fingerprint: null,
        service_tier: null,
        usage: null,
        x_groq: null,
        choices: [{ index: 0, message: { role: 'assistant', content: null, reasoning: null, tool_calls: null, executed_tools: null, annotations: null }, logprobs: null, finish_reason: null }],
      };
      expect(await ask(nulls)).toEqual(nulls);
      const later = withChoice((choice) => ({
        ...choice,
        finish_reason: 'paused_for_tool',
        stop_reason: 7,
        message: { ...choice.message, role: 'tool_runner', channel: 5, tool_calls: [{ ...choice.message.tool_calls[0], index: -1, extra_content: { google: {} } }] },
      }));
      expect(await ask({ ...later, object: 'chat.completion.v2', mcp_list_tools: null, new_field: [1] })).toEqual({ ...later, object: 'chat.completion.v2', mcp_list_tools: null, new_field: [1] });
    });
  });

  test('a model list whose data is not a list of objects is an APIError', async () => {
    for (const data of [undefined, 'x', [1], { id: 'm' }]) {
      const list = () => Response.json({ object: 'list', data });
      const error = await new Groq({ apiKey: 'k', fetch: scripted(list) }).models.list().catch((caught: unknown) => caught);
      expect(error, JSON.stringify(data)).toBeInstanceOf(APIError);
      expect((error as Error).message).toMatch(/^Expected a model list \(a JSON object whose data is a list of objects\) but got application\/json/);
    }
  });

  test('a connection that fails for good says whether the client retried, and how often', async () => {
    const refused = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    const once = await new Groq({ apiKey: 'k', fetch: scripted(refused), maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(once).toBeInstanceOf(APIConnectionError);
    expect((once as Error).message).toMatch(/^The request got no response: fetch failed: connect ECONNREFUSED 127\.0\.0\.1:9\. \[POST .*\]\. Check the network, proxy settings \(HTTPS_PROXY\) and baseURL\. Retries were off \(maxRetries: 0\)\.$/);
    const fetch = scripted(refused);
    const twice = await new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(fetch.calls).toHaveLength(2);
    expect((twice as Error).message).toMatch(/ It was tried 2 times \(maxRetries: 1\)\.$/);
    const never: Fetch = (_url, init) => new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const slow = await new Groq({ apiKey: 'k', fetch: never, maxRetries: 0, timeout: 20 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((slow as Error).message).toMatch(/^Request timed out after 20 ms waiting for the response headers\. .*Raise the `timeout` option, or retry\. Retries were off \(maxRetries: 0\)\.$/);
  });

  test('a server error returned after the last retry says how often it was tried, not that the client retries by default', async () => {
    const failing = () => Response.json({ error: { message: 'boom' } }, { status: 500 });
    const fetch = scripted(failing);
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(fetch.calls).toHaveLength(2);
    expect((error as Error).message).toMatch(/^500 boom\. \[POST .*\]\. Groq had a server-side problem: retry later\. It was tried 2 times \(maxRetries: 1\)\.$/);
    const once = await new Groq({ apiKey: 'k', fetch: scripted(failing), maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((once as Error).message).toMatch(/retry later\. Retries were off \(maxRetries: 0\)\.$/);
    expect((once as Error).message).not.toMatch(/by default/);
  });

  test('a server error the server said not to retry says it was not retried, not that the client retries by default', async () => {
    const refused = () => Response.json({ error: { message: 'boom' } }, { status: 503, headers: { 'x-should-retry': 'false' } });
    const fetch = scripted(refused);
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(fetch.calls).toHaveLength(1);
    expect((error as Error).message).toMatch(/^503 boom\. \[POST .*\]\. Groq had a server-side problem: retry later\. Not retried: the server said not to \(x-should-retry: false\)\.$/);
  });

  test("x-should-retry: false is named only when it is why the request was not retried (again): not with retries off or used up", async () => {
    const refused = () => Response.json({ error: { message: 'boom' } }, { status: 503, headers: { 'x-should-retry': 'false' } });
    const retried = () => Response.json({ error: { message: 'boom' } }, { status: 503, headers: { 'retry-after-ms': '0' } });
    const fail = (fetch: Fetch, maxRetries: number) =>
      new Groq({ apiKey: 'k', fetch, maxRetries }).chat.completions.create({ model, messages }).then(() => new Error('no error'), (caught: unknown) => caught as Error);
    // Retries off: the server's word changed nothing.
    const off = await fail(scripted(refused), 0);
    expect(off.message).toMatch(/retry later\. Retries were off \(maxRetries: 0\)\.$/);
    expect(off.message).not.toMatch(/x-should-retry/);
    // The last retry answered so: the retries were used up, whatever it said.
    const usedUp = scripted(retried, refused);
    expect((await fail(usedUp, 1)).message).toMatch(/retry later\. It was tried 2 times \(maxRetries: 1\)\.$/);
    expect(usedUp.calls).toHaveLength(2);
    // Retried once, then told not to with a retry left: it was retried, and then stopped by the server.
    const stopped = scripted(retried, refused);
    expect((await fail(stopped, 3)).message).toMatch(/retry later\. It was tried 2 times \(maxRetries: 3\); then the server said not to retry \(x-should-retry: false\)\.$/);
    expect(stopped.calls).toHaveLength(2);
  });

  test('a 408, 409, 429 or 498 returned after the last retry says how often it was tried, or that the server said not to retry', async () => {
    const advice: Record<number, string> = {
      408: 'The server timed out waiting for the request: retry it.',
      409: 'The request conflicted with another one; retrying usually succeeds.',
      429: 'Wait for the delay the server asks for (retry-after), lower the request rate or token usage, or raise your limits.',
      498: 'Flex-tier capacity is exhausted: retry later, or use service_tier "on_demand".',
    };
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [status, text] of Object.entries(advice)) {
      const failing = (headers: Record<string, string> = {}) => () => Response.json({ error: { message: 'no' } }, { status: Number(status), headers: { 'retry-after-ms': '0', ...headers } });
      const fetch = scripted(failing());
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error, status).toBeInstanceOf(APIError);
      expect(fetch.calls, status).toHaveLength(3);
      expect((error as Error).message, status).toMatch(new RegExp(`^${status} no\\. \\[POST .*\\]\\. ${escaped(text)} It was tried 3 times \\(maxRetries: 2\\)\\.$`));
      const once = await new Groq({ apiKey: 'k', fetch: scripted(failing()), maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect((once as Error).message, status).toMatch(new RegExp(`${escaped(text)} Retries were off \\(maxRetries: 0\\)\\.$`));
      const refusedFetch = scripted(failing({ 'x-should-retry': 'false' }));
      const refused = await new Groq({ apiKey: 'k', fetch: refusedFetch, maxRetries: 2 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(refusedFetch.calls, status).toHaveLength(1);
      expect((refused as Error).message, status).toMatch(new RegExp(`${escaped(text)} Not retried: the server said not to \\(x-should-retry: false\\)\\.$`));
    }
    // A status retried only because the server asked for it says so too; one never retried keeps its advice alone.
    const askedFetch = scripted(() => Response.json({ error: { message: 'no' } }, { status: 400, headers: { 'x-should-retry': 'true', 'retry-after-ms': '0' } }));
    const asked = await new Groq({ apiKey: 'k', fetch: askedFetch, maxRetries: 1 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(askedFetch.calls).toHaveLength(2);
    expect((asked as Error).message).toMatch(/Check the request parameters named in the message\. It was tried 2 times \(maxRetries: 1\)\.$/);
    const plain = await new Groq({ apiKey: 'k', fetch: scripted(() => Response.json({ error: { message: 'no' } }, { status: 400 })) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((plain as Error).message).toMatch(/\]\. Check the request parameters named in the message\.$/);
  });

  test('a retried status whose body never finishes cancelling neither holds the retry nor outlasts an abort', async () => {
    // A custom fetch's body whose cancel() never settles, with a retryable status.
    const stuck = (status: number, headers: Record<string, string>) => () =>
      new Response(new ReadableStream({ cancel: () => new Promise<void>(() => undefined) }), { status, headers: { 'content-type': 'application/json', ...headers } });
    const completion = () => Response.json({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] });
    const fetch = scripted(stuck(503, { 'retry-after-ms': '0' }), completion);
    const answer = await new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages });
    expect(answer.choices[0]?.message.content).toBe('hi');
    expect(fetch.calls).toHaveLength(2);
    // Aborted while waiting to retry: rejected, and nothing sent again.
    const controller = new AbortController();
    const waiting = scripted(() => {
      queueMicrotask(() => controller.abort());
      return stuck(429, { 'retry-after': '30' })();
    });
    const aborted = await new Groq({ apiKey: 'k', fetch: waiting, maxRetries: 1 }).chat.completions.create({ model, messages }, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(aborted).toBeInstanceOf(APIUserAbortError);
    expect(waiting.calls).toHaveLength(1);
  });

  test('a 401 after a redirect to another origin says the key was not sent there, not to check the key', async () => {
    const moved = () => new Response(null, { status: 308, headers: { location: 'https://api.example.test/openai/v1/chat/completions' } });
    const refused = () => Response.json({ error: { message: 'Invalid API Key', code: 'invalid_api_key' } }, { status: 401 });
    const fetch = scripted(moved, refused);
    const error = await new Groq({ apiKey: 'k', baseURL: 'http://api.example.test', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(new Headers(fetch.calls[1]!.init.headers).has('authorization')).toBe(false);
    expect((error as Error).message).toMatch(/redirected to https:\/\/api\.example\.test, another origin, where the client sends no credentials: set baseURL to https:\/\/api\.example\.test/);
    expect((error as Error).message).not.toMatch(/Check the API key/);
  });

  test('models.retrieve(id) asks for that one model, its ID one path segment even with a slash in it', async () => {
    const one = () => Response.json({ id: 'openai/gpt-oss-20b', object: 'model', created: 1, owned_by: 'OpenAI' });
    const fetch = scripted(one);
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', fetch });
    expect(await client.models.retrieve('openai/gpt-oss-20b')).toMatchObject({ id: 'openai/gpt-oss-20b', owned_by: 'OpenAI' });
    expect([fetch.calls[0]?.init.method, fetch.calls[0]?.url]).toEqual(['GET', 'https://example.test/openai/v1/models/openai%2Fgpt-oss-20b']);
    const missing = () => Response.json({ error: { message: 'The model `nope` does not exist', code: 'model_not_found' } }, { status: 404 });
    const notFound = await new Groq({ apiKey: 'k', fetch: scripted(missing) }).models.retrieve('nope').catch((caught: unknown) => caught);
    expect([(notFound as APIError).status, (notFound as APIError).code]).toEqual([404, 'model_not_found']);
    const notAModel = () => Response.json({ object: 'list', data: [] });
    const wrong = await new Groq({ apiKey: 'k', fetch: scripted(notAModel) }).models.retrieve('m').catch((caught: unknown) => caught);
    expect((wrong as Error).message).toMatch(/^Expected a model \(a JSON object with a string id\) but got application\/json/);
  });

  test('a request without a body declares no content type; one with a body declares JSON', async () => {
    const fetch = scripted(() => Response.json({ object: 'list', data: [] }), () => Response.json({ id: 'c1', object: 'chat.completion', choices: [] }));
    const client = new Groq({ apiKey: 'k', fetch });
    await client.models.list();
    await client.chat.completions.create({ model, messages });
    const [list, create] = fetch.calls.map((call) => new Headers(call.init.headers));
    expect([list?.has('content-type'), list?.get('accept')]).toEqual([false, 'application/json']);
    expect(create?.get('content-type')).toBe('application/json');
  });

  test('models.retrieve() without an ID rejects saying so, and sends nothing', async () => {
    const fetch = scripted(() => Response.json({}));
    const client = new Groq({ apiKey: 'k', fetch });
    for (const [id, got] of [['', 'an empty string'], [undefined, 'undefined'], [null, 'null'], [{ id: 'm' }, 'object']] as const) {
      const error = await client.models.retrieve(id as unknown as string).catch((caught: unknown) => caught);
      expect(error, String(got)).toBeInstanceOf(GroqError);
      expect((error as Error).message).toContain(`models.retrieve() takes a model ID, got ${got}.`);
    }
    expect(fetch.calls).toHaveLength(0);
  });

  test('a 204 or 205 to a whole request is an APIError saying no JSON came, not a TypeError', async () => {
    for (const status of [204, 205]) {
      const empty = () => new Response(null, { status, headers: { 'content-type': 'application/json' } });
      const client = new Groq({ apiKey: 'k', fetch: scripted(empty, empty) });
      const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error, String(status)).toBeInstanceOf(APIError);
      expect([(error as APIError).status, (error as Error).message]).toEqual([status, expect.stringMatching(/^Expected a chat completion .* but got application\/json, body \(empty\)/)]);
      const listError = await client.models.list().catch((caught: unknown) => caught);
      expect(listError, String(status)).toBeInstanceOf(APIError);
    }
  });

  test('an abort while waiting to retry names the request and keeps the reason as cause', async () => {
    const controller = new AbortController();
    const busy = () => {
      setTimeout(() => controller.abort(new Error('user left')), 20);
      return Response.json({ error: { message: 'busy' } }, { status: 503, headers: { 'retry-after': '5' } });
    };
    const error = await new Groq({ apiKey: 'k', fetch: scripted(busy) }).chat.completions
      .create({ model, messages }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toMatch(/waiting 5\.0 s to retry after status 503\. \[POST \/openai\/v1\/chat\/completions\]/);
    expect(((error as Error).cause as Error).message).toBe('user left');
  });

  test('a header given as a list is sent as one line per item; null headers and nameless pairs are no headers', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k', fetch, defaultHeaders: { 'x-tags': 'old', 'x-drop': 'me' } });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-tags': ['a', 'b'], 'x-drop': null } });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: null });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: [['x-pair', '1'], [null, 'x'], ['x-tags', null]] });
    const [lists, none, pairs] = fetch.calls.map(({ init }) => new Headers(init.headers));
    expect([lists!.get('x-tags'), lists!.has('x-drop')]).toEqual(['a, b', false]);
    expect([none!.get('x-tags'), none!.get('x-drop')]).toEqual(['old', 'me']);
    expect([pairs!.get('x-pair'), pairs!.has('x-tags'), pairs!.get('x-drop')]).toEqual(['1', false, 'me']);
  });

  test('a header given an empty list, or one of only undefined, keeps the default, as in groq-sdk', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k', fetch, defaultHeaders: { 'x-tags': 'old', 'x-team': 'a' } });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-tags': [], 'x-team': [undefined] } });
    const [sent] = fetch.calls.map(({ init }) => new Headers(init.headers));
    expect([sent!.get('x-tags'), sent!.get('x-team')]).toEqual(['old', 'a']);
  });

  test('a name repeated in a list of pairs adds a line, as in groq-sdk and new Headers(pairs); its first pair replaces the default', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k', fetch, defaultHeaders: [['x-tags', 'a'], ['X-Tags', 'b'], ['x-drop', 'me']] });
    await client.chat.completions.create({ model, messages, stream: true });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: [['x-tags', 'c'], ['x-tags', 'd'], ['x-drop', 'no'], ['x-drop', null], ['x-drop', undefined]] });
    await client.chat.completions.create({ model, messages, stream: true }, { headers: [['x-drop', null], ['x-drop', 'again']] });
    const [defaults, repeated, afterNull] = fetch.calls.map(({ init }) => new Headers(init.headers));
    expect([defaults!.get('x-tags'), defaults!.get('x-drop')]).toEqual(['a, b', 'me']);
    expect([repeated!.get('x-tags'), repeated!.has('x-drop')]).toEqual(['c, d', false]);
    expect(afterNull!.get('x-drop')).toBe('again');
  });

  test('Groq.DEFAULT_TIMEOUT and the logLevel, logger and fetchOptions the client was given, as in groq-sdk', () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const client = new Groq({ apiKey: 'k', logLevel: 'debug', logger, fetchOptions: { keepalive: true } });
    expect(Groq.DEFAULT_TIMEOUT).toBe(60_000);
    expect(new Groq({ apiKey: 'k' }).timeout).toBe(Groq.DEFAULT_TIMEOUT);
    expect([client.logLevel, client.logger, client.fetchOptions]).toEqual(['debug', logger, { keepalive: true }]);
    expect(Object.keys(client)).not.toContain('logger');
    // Not given: what groq-sdk's client reports, so `client.logger.info(...)` works as there.
    expect([new Groq({ apiKey: 'k' }).logLevel, new Groq({ apiKey: 'k' }).logger]).toEqual(['warn', console]);
  });

  test("Groq.Groq is the client class, as in groq-sdk, and a subclass's is that subclass", () => {
    expect(Groq.Groq).toBe(Groq);
    expect(new Groq.Groq({ apiKey: 'k' })).toBeInstanceOf(Groq);
    class BoundGroq extends Groq {}
    expect(BoundGroq.Groq).toBe(BoundGroq);
  });

  test('client.apiKey reads the key, as in groq-sdk, but printing the client never shows it', () => {
    const client = new Groq({ apiKey: 'gsk_printed_never_0123', fetch: scripted(sse) });
    expect(client.apiKey).toBe('gsk_printed_never_0123');
    expect(JSON.stringify(client)).not.toContain('printed_never');
    expect(Object.keys(client)).not.toContain('apiKey');
  });

  test('withOptions makes a client with some options changed and the rest, key included, carried over', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', baseURL: 'https://example.test', fetch, timeout: 5_000, defaultHeaders: { 'x-app': 'demo' } });
    const patient = client.withOptions({ maxRetries: 7, timeout: 9_000 });
    expect(patient).toBeInstanceOf(Groq);
    expect(patient).not.toBe(client);
    expect([patient.baseURL, patient.timeout, patient.maxRetries]).toEqual(['https://example.test', 9_000, 7]);
    expect([client.timeout, client.maxRetries]).toEqual([5_000, 2]);
    await patient.chat.completions.create({ model, messages, stream: true });
    const headers = new Headers(fetch.calls[0]!.init.headers);
    expect([headers.get('authorization'), headers.get('x-app')]).toEqual(['Bearer k1', 'demo']);
    expect(() => client.withOptions({ timeout: -1 })).toThrow(/timeout must be a number of milliseconds/);
    expect(JSON.stringify(patient)).not.toContain('k1');
  });

  test('fetchOptions reach fetch, those of a request over those of the client', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', fetch, fetchOptions: { cache: 'no-store', keepalive: true, dispatcher: 'agent', signal: undefined } });
    await client.chat.completions.create({ model, messages, stream: true }, { fetchOptions: { keepalive: false, headers: undefined } });
    const init = fetch.calls[0]!.init as RequestInit & { dispatcher?: unknown };
    expect([init.cache, init.keepalive, init.dispatcher, init.method]).toEqual(['no-store', false, 'agent', 'POST']);
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer k1');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  test('fetchOptions with method, headers, body or signal throw GroqError and send nothing, rather than being ignored', async () => {
    const fetch = scripted(sse);
    const shutdown = new AbortController().signal;
    const given = { method: 'GET', headers: { 'x-tenant': 'a' }, body: 'x', signal: shutdown };
    const client = new Groq({ apiKey: 'k1', fetch });
    const advice = {
      headers: /^fetchOptions must not set headers: the client sets that field for each request, so a value there would be ignored\. Pass headers with a request's headers option .* or the client's defaultHeaders\.$/,
      signal: /^fetchOptions must not set signal: .* Pass a signal with each request, create\(params, \{ signal \}\), and AbortSignal\.any/,
      method: /^fetchOptions must not set method: .* Drop it: chat\.completions\.create always POSTs/,
      body: /^fetchOptions must not set body: .* Drop it: the body is the JSON of the parameters/,
    };
    for (const field of ['headers', 'signal', 'method', 'body'] as const) {
      const fetchOptions = { cache: 'no-store', [field]: given[field] } as unknown as FetchOptions;
      const made = (): Groq => new Groq({ apiKey: 'k1', fetch, fetchOptions });
      expect(made, field).toThrow(GroqError);
      expect(made, field).toThrow(advice[field]);
      expect(() => client.withOptions({ fetchOptions }), field).toThrow(advice[field]);
      const sent = client.chat.completions.create({ model, messages, stream: true }, { fetchOptions });
      await expect(sent, field).rejects.toBeInstanceOf(GroqError);
      await expect(sent, field).rejects.toThrow(advice[field]);
    }
    // null is a value too: groq-sdk would send it over its own.
    expect(() => new Groq({ apiKey: 'k1', fetch, fetchOptions: { signal: null } as unknown as FetchOptions })).toThrow(/^fetchOptions must not set signal/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('fetchOptions are read at each request: a field changed after new Groq() takes effect, and a signal or headers put there then are refused, not ignored', async () => {
    const fetch = scripted(sse);
    const fetchOptions: Record<string, unknown> = { cache: 'no-store' };
    const client = new Groq({ apiKey: 'k1', fetch, fetchOptions: fetchOptions as FetchOptions });
    fetchOptions.cache = 'reload';
    await client.chat.completions.create({ model, messages, stream: true });
    expect(fetch.calls[0]!.init.cache).toBe('reload');
    for (const [field, value] of [['signal', new AbortController().signal], ['headers', { 'x-tenant': 'a' }], ['method', 'GET'], ['body', 'x']] as const) {
      fetchOptions[field] = value;
      const sent = client.chat.completions.create({ model, messages, stream: true });
      await expect(sent, field).rejects.toBeInstanceOf(GroqError);
      await expect(sent, field).rejects.toThrow(new RegExp(`^fetchOptions must not set ${field}: the client sets that field for each request, so a value there would be ignored\\.`));
      delete fetchOptions[field];
    }
    expect(fetch.calls).toHaveLength(1);
  });

  test('fetchOptions with a field that throws when read are GroqError at once, not a network failure retried', async () => {
    const fetch = scripted(sse);
    let broken = false;
    let failedReads = 0;
    const fetchOptions = {
      get cache(): RequestCache {
        if (!broken) return 'no-store';
        failedReads++;
        throw new Error('config store down');
      },
    };
    const client = new Groq({ apiKey: 'k1', fetch, fetchOptions, maxRetries: 5 });
    broken = true;
    const error = await client.chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^fetchOptions could not be read: one of its fields threw when read \(config store down\)\. Pass a plain object of RequestInit fields/);
    expect((error as GroqError).cause).toBeInstanceOf(Error);
    // No retry, so no backoff: read once. Five retries would read it six times, after backoffs (0.5 s, 1 s,
    // 2 s, ...) that outlast the test's own timeout.
    expect(failedReads).toBe(1);
    // The same from new Groq() and for a request's own fetchOptions.
    expect(() => new Groq({ apiKey: 'k1', fetch, fetchOptions })).toThrow(/^fetchOptions could not be read/);
    const own = client.withOptions({ fetchOptions: undefined }).chat.completions.create({ model, messages, stream: true }, { fetchOptions });
    await expect(own).rejects.toThrow(/^fetchOptions could not be read/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('posts to baseURL/openai/v1/chat/completions with the bearer key and JSON', async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', baseURL: 'https://example.test/', fetch });
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.requestId).toBe('req_9');
    const { url, init } = fetch.calls[0]!;
    expect(url).toBe('https://example.test/openai/v1/chat/completions');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer k1');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('accept')).toBe('text/event-stream');
    expect(JSON.parse(init.body as string)).toEqual({ model, messages, stream: true });
    await stream.finalChatCompletion();
  });

  test("sends Groq's parameters and tools as given: a remote MCP tool, Compound's settings, documents, search settings", async () => {
    const fetch = scripted(sse);
    const client = new Groq({ apiKey: 'k1', fetch });
    // Groq's API reference and groq-sdk 1.6.0 type a tool as { type, function? }, so neither types an MCP tool's
    // members: one declared apart is a tool whose type is a string, which both take (a literal in the list is not).
    const mcp = { type: 'mcp', server_label: 'Huggingface', server_url: 'https://huggingface.co/mcp', headers: { Authorization: 'Bearer hf_x' }, require_approval: 'never' };
    const body = {
      model,
      messages,
      stream: true as const,
      tools: [mcp, { type: 'browser_search' as const }],
      compound_custom: { tools: { enabled_tools: ['web_search'] } },
      documents: [{ id: 'd1', source: { type: 'text' as const, text: 'Paris' } }],
      search_settings: { include_domains: ['groq.com'], country: 'germany' },
      citation_options: 'disabled' as const,
      reasoning_effort: 'low' as const,
      service_tier: 'flex' as const,
      metadata: { run: '7' },
    };
    const stream = await client.chat.completions.create(body);
    expect(JSON.parse(fetch.calls[0]!.init.body as string)).toEqual(body);
    await stream.finalChatCompletion();
  });

  test("a created stream's tee() branches, and theirs, read the same response, as create()'s type says", async () => {
    const client = new Groq({ apiKey: 'k1', fetch: scripted(sse) });
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    const [left, right] = stream.tee();
    const [leftOfLeft, rightOfLeft] = left.tee();
    for (const branch of [left, right, leftOfLeft, rightOfLeft]) {
      expect(branch.response).toBe(stream.response);
      expect(branch.requestId).toBe('req_9');
    }
    await Promise.all([right, leftOfLeft, rightOfLeft].map((branch) => branch.finalChatCompletion()));
  });

  test('a stream with n: 2 whose second choice never came, and no [DONE], is truncated, not complete', async () => {
    const chunk = (index: number, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index, delta: { content: 'x' }, finish_reason: finish }] })}\n\n`;
    const answer = (body: string) => () => new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const client = new Groq({ apiKey: 'k1', fetch: scripted(answer(chunk(0, null) + chunk(0, 'stop')), answer(chunk(0, 'stop') + chunk(1, 'stop'))) });
    const cut = await client.chat.completions.create({ model, messages, stream: true, n: 2 });
    expect(await cut.finalChatCompletion().catch((error: unknown) => error)).toBeInstanceOf(StreamTruncatedError);
    const whole = await client.chat.completions.create({ model, messages, stream: true, n: 2 });
    expect((await whole.finalChatCompletion()).choices).toHaveLength(2);
  });

  test('defaults to https://api.groq.com and the global fetch, looked up at call time', async () => {
    const client = new Groq({ apiKey: 'k' });
    expect(client.baseURL).toBe('https://api.groq.com');
    const original = globalThis.fetch;
    const fetch = scripted(() => Response.json({ object: 'list', data: [] }));
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      await client.models.list();
    } finally {
      globalThis.fetch = original;
    }
    expect(fetch.calls[0]?.url).toBe('https://api.groq.com/openai/v1/models');
  });

  test('x-should-retry: false stops retries; true forces them', async () => {
    const refused = scripted(() => Response.json({ error: { message: 'no' } }, { status: 503, headers: { 'x-should-retry': 'false' } }));
    await expect(new Groq({ apiKey: 'k', fetch: refused }).chat.completions.create({ model, messages })).rejects.toBeInstanceOf(InternalServerError);
    expect(refused.calls).toHaveLength(1);
    const forced = scripted(
      () => Response.json({ error: { message: 'odd' } }, { status: 400, headers: { 'x-should-retry': 'true', 'retry-after-ms': '1' } }),
      () => Response.json({ id: 'x', object: 'chat.completion', created: 1, model, choices: [] }),
    );
    await new Groq({ apiKey: 'k', fetch: forced }).chat.completions.create({ model, messages });
    expect(forced.calls).toHaveLength(2);
  });

  test('a connection error is wrapped with its cause and retried', async () => {
    const failing = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.groq.com') })));
    const client = new Groq({ apiKey: 'k', fetch: failing, maxRetries: 1 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/fetch failed: getaddrinfo ENOTFOUND api\.groq\.com/);
    expect(failing.calls).toHaveLength(2);
  });

  test("a fetch's error that quotes a server is quoted with its controls written as escapes, cut short, on one line", async () => {
    // A fetch of the app's own (a wrapper, a test double, a proxy's client) may put what a server said in its errors.
    const said = `upstream said: \u001b[2J\u001b]0;owned\u0007\r\nAdmin: all good \u009b31m\u202eevil ${'x'.repeat(5000)}`;
    const failing = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: new Error(said) })));
    const error = await new Groq({ apiKey: 'k', fetch: failing, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    const { message } = error as Error;
    expect(message).toMatch(/^The request got no response: fetch failed: upstream said: \\u001b\[2J\\u001b\]0;owned\\u0007\\r\\nAdmin: all good \\u009b31m\\u202eevil x+… \(5057 characters in all\)\. \[POST /);
    expect(message).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u202e]/);
    expect(message.length).toBeLessThan(1000);
    expect(((error as Error).cause as Error).cause).toMatchObject({ message: said });
  });

  test('a cause that ends its own sentence does not double the period', async () => {
    const failing = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('More than 20 redirects.') })));
    const error = await new Groq({ apiKey: 'k', fetch: failing, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: More than 20 redirects\. /);
  });

  test('an already aborted signal sends nothing', async () => {
    const fetch = scripted(sse);
    const controller = new AbortController();
    controller.abort();
    await expect(new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages }, { signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(fetch.calls).toHaveLength(0);
  });

  test.each([
    ['stream.controller.abort()', (stream: Stream<unknown>, _: AbortController) => stream.controller.abort()],
    ['aborting the signal given to create()', (_: Stream<unknown>, controller: AbortController) => controller.abort()],
  ])('%s before the stream is read cancels its body at once, even with a fetch that ignores its signal', async (_, abort) => {
    const { body, stats } = createTestBody([encodeSSETranscript(createChunkTranscript({ chunks: 5 }))], { holdOpen: true });
    // Keeps the connection until its body is cancelled: the signal of `init` is never looked at.
    const deaf = scripted(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const controller = new AbortController();
    const stream = await new Groq({ apiKey: 'k', fetch: deaf }).chat.completions.create({ model, messages, stream: true }, { signal: controller.signal });
    abort(stream, controller);
    await Promise.resolve();
    expect(stats.cancelCalls).toBe(1);
    expect(stats.piecesPulled).toBe(0);
    // Reading it afterwards still says it was aborted, not that it was cut off.
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(stats.cancelCalls).toBe(1);
  });

  test('one signal shared by many streams keeps no listener from a stream that has stopped', async () => {
    const { controller, open } = countedSignal();
    const broken = () => new Response('data: {"choices":[]}\n\n', { headers: { 'content-type': 'text/event-stream' } });
    const client = new Groq({ apiKey: 'k', fetch: scripted(sse, sse, broken, sse), maxRetries: 0 });
    const request = () => client.chat.completions.create({ model, messages, stream: true }, { signal: controller.signal });

    const read = await request();
    expect(open.size).toBe(1); // while the stream is read, the signal can still abort it
    await read.finalChatCompletion();
    expect(open.size).toBe(0);
    for await (const _ of await request()) break;
    expect(open.size).toBe(0);
    await expect((await request()).finalChatCompletion()).rejects.toThrow(GroqError);
    expect(open.size).toBe(0);
    await client.chat.completions.create({ model, messages }, { signal: controller.signal }).catch(() => undefined);
    expect(open.size).toBe(0);
  });

  test('a stream request answered with another content type fails within `timeout`, even if that body never ends', async () => {
    let signal: AbortSignal | undefined;
    const stalled = (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('<html><body>Please sign in'));
          // Like fetch: aborting the request errors its body, which nothing else ends: a client that read it
          // past its timeout would wait for ever, and the test would fail by its own timeout.
          init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/html' } }));
    };
    const client = new Groq({ apiKey: 'k', fetch: stalled, timeout: 100, maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/Expected an event stream \(text\/event-stream\) but got text\/html, body "<html><body>Please sign in"/);
    expect(signal?.aborted).toBe(true);
  });

  test('a stream request answered with a content type that only begins like text/event-stream is refused as another kind', async () => {
    const answer = () => Promise.resolve(new Response('data: {}\n\n', { headers: { 'content-type': 'text/event-streaming' } }));
    const client = new Groq({ apiKey: 'k', fetch: answer, maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/Expected an event stream \(text\/event-stream\) but got text\/event-streaming, body "data: \{\}/);
  });

  test('an abort after the response headers and before the stream is returned keeps the signal reason as the cause', async () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const abortedWith = async (answer: (init: RequestInit, controller: AbortController) => Response) => {
      const controller = new AbortController();
      const fetch = (_url: string, init: RequestInit) => Promise.resolve(answer(init, controller));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions
        .create({ model, messages, stream: true }, { signal: controller.signal })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).message).toBe('Request was aborted. [POST /openai/v1/chat/completions, request req_01late]');
      expect((error as Error).cause).toBe(reason);
    };
    const headers = { 'content-type': 'text/html', 'x-request-id': 'req_01late' };
    // Aborted while the body of another content type is read.
    await abortedWith((init, controller) => {
      setTimeout(() => controller.abort(reason), 20);
      return new Response(stalledBody('<html><body>Please sign in', init), { headers });
    });
    // Aborted as the event stream's headers arrive, before anything looked at the signal again.
    await abortedWith((_init, controller) => {
      controller.abort(reason);
      return new Response(encodeSSETranscript(createChunkTranscript({ chunks: 2 })) as BodyInit, { headers: { ...headers, 'content-type': 'text/event-stream' } });
    });
  });

  test("an abort as the event stream's headers arrive cancels its body, even with a fetch that ignores its signal", async () => {
    const controller = new AbortController();
    const { body, stats } = createTestBody([encodeSSETranscript(createChunkTranscript({ chunks: 5 }))], { holdOpen: true });
    // Keeps the connection until its body is cancelled: the signal of `init` is never looked at. The abort comes
    // with the headers, after the fetch and before create() has made the stream that would have let go of it.
    const deaf = () => {
      controller.abort();
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_01late' } }));
    };
    const error = await new Groq({ apiKey: 'k', fetch: deaf, maxRetries: 0 }).chat.completions
      .create({ model, messages, stream: true }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await Promise.resolve();
    expect(stats.cancelCalls).toBe(1);
    expect(stats.piecesPulled).toBe(0);
  });

  test('an abort while a whole answer is read keeps the signal reason as the cause, not the body error the fetch made of it', async () => {
    const reason = new Error('user pressed stop');
    const controller = new AbortController();
    const fetch = (_url: string, init: RequestInit) => {
      setTimeout(() => controller.abort(reason), 20);
      return Promise.resolve(new Response(stalledBody('{"id":"c1","choices":[', init), { headers: { 'content-type': 'application/json', 'x-request-id': 'req_01whole' } }));
    };
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe('Request was aborted. [POST /openai/v1/chat/completions, request req_01whole]');
    expect((error as Error).cause).toBe(reason);
  });

  test("an abort reaches the tee() branches of a client's stream naming the request as the stream itself does, method included, also a tee of a branch", async () => {
    const reason = new Error('user pressed stop');
    const stalled = (_url: string, init: RequestInit) =>
      Promise.resolve(new Response(stalledBody('', init), { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_01tee' } }));
    const client = new Groq({ apiKey: 'k', fetch: stalled, maxRetries: 0 });
    const abortedRead = async (split: (stream: Stream<unknown>) => Stream<unknown>[]): Promise<unknown[]> => {
      const controller = new AbortController();
      const readers = split(await client.chat.completions.create({ model, messages, stream: true }, { signal: controller.signal })).map((stream) =>
        stream[Symbol.asyncIterator]().next().catch((caught: unknown) => caught),
      );
      controller.abort(reason);
      return Promise.all(readers);
    };
    // A Response made here has no url: only the request the client sent knows the method and the path.
    const [alone] = await abortedRead((stream) => [stream]);
    expect((alone as Error).message).toBe('The stream was aborted. [POST /openai/v1/chat/completions, request req_01tee]');
    const branches = await abortedRead((stream) => {
      const [left, right] = stream.tee();
      return [left, ...right.tee()];
    });
    for (const error of branches) {
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).message).toBe((alone as Error).message);
      expect((error as Error).cause).toBe(reason);
    }
  });

  test('an APIPromise behaves as a promise and chains', async () => {
    const fetch = scripted(() => Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [] }, { headers: { 'x-request-id': 'req_5' } }));
    const client = new Groq({ apiKey: 'k', fetch });
    const promise = client.chat.completions.create({ model, messages });
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise.then((completion) => completion.id)).toBe('c1');
    const { requestId, response } = await client.chat.completions.create({ model, messages }).withResponse();
    expect(requestId).toBe('req_5');
    expect((await client.chat.completions.create({ model, messages }).asResponse()).status).toBe(response.status);
  });

  test('asResponse() and withResponse() give a response whose body is still there to read, as in groq-sdk', async () => {
    const fetch = scripted(() => Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [] }));
    const client = new Groq({ apiKey: 'k', fetch });
    const raw = await client.chat.completions.create({ model, messages }).asResponse();
    expect(raw.bodyUsed).toBe(false);
    expect(await raw.json()).toMatchObject({ id: 'c1' });
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    expect(data.id).toBe('c1');
    expect(await response.json()).toEqual(data);
    const models = scripted(() => Response.json({ object: 'list', data: [{ id: model, object: 'model' }] }));
    const listed = await new Groq({ apiKey: 'k', fetch: models }).models.list().asResponse();
    expect((await listed.json()).data[0].id).toBe(model);
  });

  test('a stream read and asResponse() exclude each other with a StreamConsumedError, not a raw TypeError; asResponse() twice gives one response', async () => {
    const client = new Groq({ apiKey: 'k', fetch: scripted(sse) });
    const read = client.chat.completions.create({ model, messages, stream: true });
    await (await read)[Symbol.asyncIterator]().next();
    const late = await read.asResponse().catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(StreamConsumedError);
    expect((late as Error).message).toMatch(/call it before reading the stream, or read the stream only\.$/);
    const handed = client.chat.completions.create({ model, messages, stream: true });
    const raw = await handed.asResponse();
    expect(await handed.asResponse()).toBe(raw);
    const stream = await handed;
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    expect(() => stream.toReadableStream()).toThrow(/Its response was taken with asResponse\(\): read that response instead\.$/);
    expect(await raw.text()).toContain('data: [DONE]');
  });

  test('refuses a key in a browser unless dangerouslyAllowBrowser, explaining the relay', () => {
    const scope = globalThis as { window?: unknown; document?: unknown };
    scope.window = {};
    scope.document = {};
    try {
      expect(() => new Groq({ apiKey: 'k' })).toThrow(GroqError);
      expect(() => new Groq({ apiKey: 'k' })).toThrow(/relay/);
      expect(() => new Groq({ apiKey: 'k', dangerouslyAllowBrowser: true })).not.toThrow();
      // `null` is not set, as the README says: the key is refused as without the option.
      expect(() => new Groq({ apiKey: 'k', dangerouslyAllowBrowser: null as unknown as boolean })).toThrow(/relay/);
      // A string that means no must not count as yes.
      for (const meant of ['false', 'no', 0]) {
        expect(() => new Groq({ apiKey: 'k', dangerouslyAllowBrowser: meant as unknown as boolean }), String(meant)).toThrow(/^dangerouslyAllowBrowser must be true or false, got a (string|number)\.$/);
      }
      // Without a key, a page is told to relay, not to set an environment variable it does not have.
      expect(() => new Groq()).toThrow(/^No Groq API key was given\. A browser should not hold one\. Keep the key on your server and relay/);
      expect(() => new Groq()).not.toThrow(/GROQ_API_KEY/);
    } finally {
      delete scope.window;
      delete scope.document;
    }
  });

  test('fetchOptions that fetch could not take are refused, not spread into each request and ignored', async () => {
    for (const wrong of ['no-store', ['cache', 'no-store'], 5]) {
      expect(() => new Groq({ apiKey: 'k', fetchOptions: wrong as unknown as FetchOptions }), String(wrong)).toThrow(/^fetchOptions must be an object of RequestInit fields, got a/);
    }
    const client = new Groq({ apiKey: 'k', fetch: () => Promise.reject(new Error('nothing should be sent')) });
    await expect(client.chat.completions.create({ model, messages }, { fetchOptions: 'no-store' as unknown as FetchOptions })).rejects.toThrow(/^fetchOptions must be an object/);
    expect(() => new Groq({ apiKey: 'k', fetchOptions: null as unknown as FetchOptions })).not.toThrow();
  });

  test('a stream may be silent for as long as `timeout` unless told otherwise', () => {
    expect(new Groq({ apiKey: 'k' }).streamIdleTimeout).toBe(60_000);
    expect(new Groq({ apiKey: 'k', timeout: 1234 }).streamIdleTimeout).toBe(1234);
    expect(new Groq({ apiKey: 'k', timeout: 1234, streamIdleTimeout: 0 }).streamIdleTimeout).toBe(0);
  });

  test('a missing or blank key fails at construction', () => {
    expect(() => new Groq()).toThrow(/GROQ_API_KEY/);
    expect(() => new Groq({ apiKey: '  ' })).toThrow(GroqError);
  });

  test('without a key, the advice for the mock server says that it needs a key too (any one)', () => {
    // A reader who had already pointed baseURL at the mock was told only to do that, and got the same error again.
    expect(() => new Groq({ baseURL: 'http://127.0.0.1:4010' })).toThrow(/mock server .*, then give its URL as baseURL and any word as the key/);
    // "Any word" is false for a mock started with --api-key, which answers any other key with 401.
    expect(() => new Groq({ baseURL: 'http://127.0.0.1:4010' })).toThrow(/a mock started with --api-key wants one of the keys it was given/);
    expect(() => new Groq({ baseURL: 'http://127.0.0.1:4010' })).not.toThrow(/takes any non-empty key/);
  });
});

describe('error classes on the client, as in groq-sdk', () => {
  test('Groq.RateLimitError and friends are the classes the client throws', async () => {
    const fetch = scripted(() =>
      Response.json({ error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } }, { status: 429 }),
    );
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', fetch, maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Groq.RateLimitError);
    expect(error).toBeInstanceOf(Groq.APIError);
    expect(error).toBeInstanceOf(Groq.GroqError);
    expect(error).not.toBeInstanceOf(Groq.InternalServerError);
    expect(Groq.GroqError).toBe(GroqError);
    expect(Groq.APIConnectionError).toBe(APIConnectionError);
    expect(Groq.APIUserAbortError).toBe(APIUserAbortError);
  });

  test('a subclass of the client inherits them', () => {
    class NodeGroq extends Groq {}
    expect(NodeGroq.InternalServerError).toBe(InternalServerError);
  });
});
