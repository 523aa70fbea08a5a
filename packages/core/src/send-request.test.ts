import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { GroqError } from './errors/groq-error.js';
import { BadRequestError } from './errors/bad-request-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { Groq } from './groq.js';
import { maxServerRetryDelayMs } from './retry-policy.js';
import { sendRequest } from './send-request.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestBody } from './test/create-test-body.js';
import { eventually } from './test/eventually.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

describe('sendRequest', () => {
  // `baseURL: 'https://api.groq.com/openai'` got "Check the model name" for a model that was fine.
  test('a 404 for a path the server does not serve advises baseURL, streamed or not; an unknown model keeps its advice', async () => {
    const unknownURL = { error: { message: 'Unknown request URL: POST /openai/openai/v1/chat/completions.', type: 'invalid_request_error', code: 'unknown_url' } };
    const unknownModel = { error: { message: 'The model `llama3` does not exist', type: 'invalid_request_error', code: 'model_not_found' } };
    const answering = (body: object) => () => Promise.resolve(Response.json(body, { status: 404 }));
    const client = new Groq({ apiKey: 'k', baseURL: 'http://127.0.0.1:8787/openai', fetch: answering(unknownURL) });
    for (const stream of [false, true]) {
      const error = await client.chat.completions.create({ model, messages, stream }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toMatch(/\]\. The server has no such path: check baseURL/);
    }
    const modelError = await client.withOptions({ fetch: answering(unknownModel) }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((modelError as Error).message).toMatch(/\]\. Check the model name/);
  });

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

  test('a port that fetch blocks, reached by a redirect, is named as the redirect target, not as the baseURL port', async () => {
    const calls: string[] = [];
    const fetch = (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      if (calls.length === 1) return Promise.resolve(new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:6000/v2/chat?key=secret' } }));
      return Promise.reject(new TypeError('fetch failed', { cause: new Error('bad port') }));
    };
    const error = await new Groq({ apiKey: 'k', baseURL: 'http://127.0.0.1:8787', fetch, maxRetries: 2 })
      .chat.completions.create({ model, messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(calls).toEqual(['POST http://127.0.0.1:8787/openai/v1/chat/completions', 'GET http://127.0.0.1:6000/v2/chat?key=secret']);
    expect((error as Error).message).toBe(
      'fetch refuses to connect to port 6000, one the Fetch standard blocks (bad port), where the server redirected the request (to http://127.0.0.1:6000/v2/chat). ' +
        '[GET /v2/chat, redirected from POST /openai/v1/chat/completions]. ' +
        'Set baseURL to a server that does not redirect there, or pass a fetch that allows the port (createNodeHttpFetch of @groq-stream/node).',
    );
  });

  test.each([301, 302, 303])('an error after a %i that made the POST a GET names the GET that was sent and the POST it came from', async (status) => {
    const methods: string[] = [];
    const fetch = (url: string, init: RequestInit) => {
      methods.push(`${init.method} ${new URL(url).pathname}`);
      if (methods.length === 1) return Promise.resolve(new Response(null, { status, headers: { location: '/v2/moved' } }));
      return Promise.resolve(Response.json({ error: { message: 'Unknown request URL: GET /v2/moved' } }, { status: 404 }));
    };
    const error = await new Groq({ apiKey: 'k', baseURL: 'https://api.example.test', fetch, maxRetries: 0 })
      .chat.completions.create({ model, messages })
      .catch((caught: unknown) => caught);
    expect(methods).toEqual(['POST /openai/v1/chat/completions', 'GET /v2/moved']);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/^404 Unknown request URL: GET \/v2\/moved\. \[GET \/v2\/moved, redirected from POST \/openai\/v1\/chat\/completions\]\./);
  });

  test('a connection that fails after a redirect names the redirected request', async () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      if (calls === 1) return Promise.resolve(new Response(null, { status: 303, headers: { location: 'https://elsewhere.test/status' } }));
      return Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 10.0.0.1:443') }));
    };
    const error = await new Groq({ apiKey: 'k', baseURL: 'https://api.example.test', fetch, maxRetries: 0 })
      .chat.completions.create({ model, messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: connect ECONNREFUSED 10\.0\.0\.1:443\. \[GET \/status, redirected from POST \/openai\/v1\/chat\/completions\]\. /);
  });

  test('the context a response is read with names the redirected request; a redirect that changes neither method, path nor origin adds nothing', async () => {
    const send = (location: string) => {
      let calls = 0;
      const fetch = () => Promise.resolve(++calls === 1 ? new Response(null, { status: 307, headers: { location } }) : new Response('{}', { headers: { 'x-request-id': 'req_1' } }));
      return sendRequest({ method: 'POST', url: 'https://api.example.test/openai/v1/chat/completions', path: '/openai/v1/chat/completions', headers: new Headers(), body: '{}', timeout: 60_000, maxRetries: 0, fetch });
    };
    const moved = await send('/openai/v2/chat/completions');
    expect(moved.context).toEqual({ method: 'POST', path: '/openai/v2/chat/completions', redirectedFrom: 'POST /openai/v1/chat/completions', requestId: 'req_1' });
    // The same path elsewhere: the path alone would not tell the two apart, so the note names the origin first sent to.
    const otherOrigin = await send('https://other.example.test/openai/v1/chat/completions');
    expect(otherOrigin.context).toEqual({
      method: 'POST',
      path: '/openai/v1/chat/completions',
      redirectedFrom: 'POST https://api.example.test/openai/v1/chat/completions',
      requestId: 'req_1',
    });
    // A 303 there makes a GET: the method shows it, and the path is the same, so no origin.
    const seeOther = await (async () => {
      let calls = 0;
      const fetch = () => Promise.resolve(++calls === 1 ? new Response(null, { status: 303, headers: { location: '/openai/v1/chat/completions' } }) : new Response('{}'));
      return sendRequest({ method: 'POST', url: 'https://api.example.test/openai/v1/chat/completions', path: '/openai/v1/chat/completions', headers: new Headers(), body: '{}', timeout: 60_000, maxRetries: 0, fetch });
    })();
    expect(seeOther.context).toEqual({ method: 'GET', path: '/openai/v1/chat/completions', redirectedFrom: 'POST /openai/v1/chat/completions', requestId: undefined });
    seeOther.clearTimeout();
    const sameURL = await send('/openai/v1/chat/completions?attempt=2');
    expect(sameURL.context).toEqual({ method: 'POST', path: '/openai/v1/chat/completions', requestId: 'req_1' });
    for (const sent of [moved, otherOrigin, sameURL]) sent.clearTimeout();
  });

  test('an error after a redirect to the same path on another origin says where it was redirected from, as other redirects do', async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      if (urls.length === 1) return Promise.resolve(new Response(null, { status: 301, headers: { location: 'https://api.example.test/openai/v1/models' } }));
      return Promise.resolve(Response.json({ error: { message: 'Invalid API Key', code: 'invalid_api_key' } }, { status: 401 }));
    };
    const error = await new Groq({ apiKey: 'k', baseURL: 'http://api.example.test', fetch, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
    expect(urls).toEqual(['http://api.example.test/openai/v1/models', 'https://api.example.test/openai/v1/models']);
    expect((error as Error).message).toMatch(/^401 Invalid API Key\. \[GET \/openai\/v1\/models, redirected from GET http:\/\/api\.example\.test\/openai\/v1\/models\]\. The request was redirected to https:\/\/api\.example\.test/);
  });

  test('a header the connection manages is refused before sending, not failed in fetch and retried as a network error', async () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.resolve(Response.json({ object: 'list', data: [] }));
    };
    const client = new Groq({ apiKey: 'k', fetch, maxRetries: 2 });
    for (const [name, value] of [['Keep-Alive', 'timeout=5'], ['transfer-encoding', 'chunked'], ['upgrade', 'h2c'], ['expect', '100-continue'], ['content-length', '3']]) {
      const error = await client.models.list({ headers: { [name!]: value } }).catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(GroqError);
      expect(error, name).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(new RegExp(`^The header ${name!.toLowerCase()} cannot be set: the HTTP connection manages it\\. \\[GET /openai/v1/models\\]\\. Remove it from defaultHeaders and headers`));
    }
    expect(calls).toBe(0);
    // Headers a request may carry are still sent.
    await new Groq({ apiKey: 'k', fetch, defaultHeaders: { connection: 'keep-alive', 'x-keep-alive': '1' } }).models.list();
    expect(calls).toBe(1);
  });

  test('defaultHeaders with a header the connection manages are refused by new Groq() and withOptions(), not by every request', () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.resolve(Response.json({ object: 'list', data: [] }));
    };
    for (const [name, value] of [['Keep-Alive', 'timeout=5'], ['transfer-encoding', 'chunked'], ['upgrade', 'h2c'], ['expect', '100-continue'], ['Content-Length', '3']]) {
      const expected = new RegExp(`^defaultHeaders must not set ${name!.toLowerCase()}: the HTTP connection manages it, so every request would be refused\\. Remove it\\.$`);
      for (const defaultHeaders of [{ [name!]: value }, new Headers({ [name!]: value! }), [['x-app', 'demo'], [name!, value!]]]) {
        expect(() => new Groq({ apiKey: 'k', fetch, defaultHeaders }), name).toThrow(expected);
      }
      expect(() => new Groq({ apiKey: 'k', fetch }).withOptions({ defaultHeaders: { [name!]: value } }), name).toThrow(expected);
    }
    expect(calls).toBe(0);
    // One set and then taken out (null) is none.
    expect(() => new Groq({ apiKey: 'k', fetch, defaultHeaders: [['content-length', '3'], ['content-length', null]] })).not.toThrow();
  });

  test('an abort before the response, or while an error body is read, keeps the signal reason as the cause of APIUserAbortError', async () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const abortedWith = async (fetch: (url: string, init: RequestInit) => Promise<Response>, abort: (controller: AbortController) => void) => {
      const controller = new AbortController();
      abort(controller);
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }, { signal: controller.signal }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).message).toMatch(/^Request was aborted\. \[POST \/openai\/v1\/chat\/completions\]$/);
      expect((error as Error).cause).toBe(reason);
    };
    const unused = () => Promise.reject(new Error('not sent'));
    await abortedWith(unused, (controller) => controller.abort(reason));
    // A fetch that rejects with an AbortError of its own, as fetch polyfills do, rather than with the signal's reason.
    const pending = (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError'))));
    await abortedWith(pending, (controller) => setTimeout(() => controller.abort(reason), 10));
    const stalledError = () => Promise.resolve(new Response(createTestBody(['{"error":'], { holdOpen: true }).body, { status: 400, headers: { 'content-type': 'application/json' } }));
    await abortedWith(stalledError, (controller) => setTimeout(() => controller.abort(reason), 20));
  });

  test('the signal given to create() aborting a stream mid-way is APIUserAbortError with its reason as the cause', async () => {
    const { body } = createTestBody([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    const fetch = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_01stop' } }));
    const controller = new AbortController();
    const stream = await new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages, stream: true }, { signal: controller.signal });
    const reason = new Error('user pressed stop');
    let seen = 0;
    const error = await (async () => {
      try {
        for await (const _ of stream) if (++seen === 2) controller.abort(reason);
      } catch (caught) {
        return caught;
      }
    })();
    expect(seen).toBe(2);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe('The stream was aborted. [POST /openai/v1/chat/completions, request req_01stop]');
    expect((error as Error).cause).toBe(reason);
  });

  test('an attempt that timed out is retried, and the retry is logged as no response headers within the timeout', async () => {
    const lines: string[] = [];
    const keep = (message: string) => void lines.push(message);
    const logger = { error: keep, warn: keep, info: keep, debug: () => undefined };
    let calls = 0;
    const fetch = (_url: string, init: RequestInit) => {
      if (++calls > 1) return Promise.resolve(Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [] }));
      return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    };
    const completion = await new Groq({ apiKey: 'k', fetch, timeout: 30, maxRetries: 1, logger, logLevel: 'info' }).chat.completions.create({ model, messages });
    expect(completion.id).toBe('c1');
    expect(calls).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[groq-stream\] POST \/openai\/v1\/chat\/completions: no response headers within 30 ms\. Retrying in \d+\.\d s, retry 1 of 1\.$/)]);
  });

  test("a connection failure's retry line says, shorter, what the error says once no retry is left, quoting the same cause", async () => {
    const refused = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const garbled = () => new TypeError('fetch failed', { cause: Object.assign(new Error('Parse Error: Expected HTTP/'), { code: 'HPE_INVALID_CONSTANT' }) });
    // Bun's fetch words a refused connection as a question: the sentence ends there, with no full stop after it.
    const bunRefused = () => Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), { code: 'ECONNREFUSED' });
    const hanging = (_url: string, init: RequestInit) => new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const cases = [
      { fetch: () => Promise.reject(refused()), line: 'no response (fetch failed: connect ECONNREFUSED 127.0.0.1:9)', message: 'The request got no response: fetch failed: connect ECONNREFUSED 127.0.0.1:9.' },
      {
        fetch: () => Promise.reject(bunRefused()),
        line: 'no response (ECONNREFUSED: Unable to connect. Is the computer able to access the url?)',
        message: 'The request got no response: ECONNREFUSED: Unable to connect. Is the computer able to access the url?',
      },
      { fetch: () => Promise.reject(garbled()), line: 'an answer that is not valid HTTP (fetch failed: Parse Error: Expected HTTP/)', message: "The server's answer was not valid HTTP: fetch failed: Parse Error: Expected HTTP/." },
      { fetch: hanging, line: 'no response headers within 30 ms', message: 'Request timed out after 30 ms waiting for the response headers.' },
    ];
    for (const { fetch, line, message } of cases) {
      const lines: string[] = [];
      const logger = { error: () => undefined, warn: () => undefined, info: (text: string) => void lines.push(text), debug: () => undefined };
      const error = await new Groq({ apiKey: 'k', fetch, timeout: 30, maxRetries: 1, logger, logLevel: 'info' }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(lines).toEqual([expect.stringMatching(/Retrying in \d+\.\d s, retry 1 of 1\.$/)]);
      expect(lines[0]).toContain(`POST /openai/v1/chat/completions: ${line}. Retrying`);
      expect((error as Error).message.startsWith(`${message} [POST /openai/v1/chat/completions]. `)).toBe(true);
      expect((error as Error).message).toMatch(/ It was tried 2 times \(maxRetries: 1\)\.$/);
    }
  });

  test('an abort while a refused answer is let go before a retry fails at once, without waiting for the retry', async () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    let calls = 0;
    const fetch = () => {
      calls++;
      // The caller gives up just as the 503's body is cancelled, before the wait for the retry starts. It asks for
      // the longest wait the client honours (60 s): a client that waited would outlast the test's own timeout.
      const body = new ReadableStream<Uint8Array>({ cancel: () => controller.abort(reason) });
      return Promise.resolve(new Response(body, { status: 503, headers: { 'retry-after': String(maxServerRetryDelayMs / 1000), 'x-request-id': 'req_01busy' } }));
    };
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe('Request was aborted. [POST /openai/v1/chat/completions, request req_01busy]');
    expect((error as Error).cause).toBe(reason);
  });

  describe('a fetch that ignores its signal (a test double, a wrapper that leaves the signal out)', () => {
    /** A fetch that never looks at `init.signal`: each call waits until the test answers it, if ever. */
    function deaf(): { fetch: (url: string, init: RequestInit) => Promise<Response>; answers: ((response: Response) => void)[] } {
      const answers: ((response: Response) => void)[] = [];
      return { fetch: () => new Promise<Response>((resolve) => void answers.push(resolve)), answers };
    }

    test('still times out waiting for the response headers, and each attempt is retried as one that timed out', async () => {
      const { fetch, answers } = deaf();
      const error = await new Groq({ apiKey: 'k', fetch, timeout: 50, maxRetries: 1 }).models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((error as Error).message).toBe(
        'Request timed out after 50 ms waiting for the response headers. [GET /openai/v1/models]. Raise the `timeout` option, or retry. It was tried 2 times (maxRetries: 1).',
      );
      expect(answers).toHaveLength(2);
    });

    test("still stops at the caller's abort, with its reason as the cause", async () => {
      const { fetch, answers } = deaf();
      const controller = new AbortController();
      const reason = new Error('Stop button');
      const pending = new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages, stream: true }, { signal: controller.signal }).catch((caught: unknown) => caught);
      await eventually(() => answers.length === 1);
      controller.abort(reason);
      const error = await pending;
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).cause).toBe(reason);
    });

    test('a response that comes after the timeout is let go of: its body is cancelled, releasing its connection', async () => {
      const { fetch, answers } = deaf();
      const error = await new Groq({ apiKey: 'k', fetch, timeout: 50, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      const { body, stats } = createTestBody(['{"object":"list","data":[]}'], { holdOpen: true });
      answers[0]!(new Response(body));
      await eventually(() => stats.cancelled);
      // A late redirect is not followed: nothing more is sent.
      const redirected = deaf();
      await new Groq({ apiKey: 'k', fetch: redirected.fetch, timeout: 50, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      redirected.answers[0]!(new Response(null, { status: 307, headers: { location: '/v2/models' } }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(redirected.answers).toHaveLength(1);
    });
  });

  describe('an error body that came compressed and could not be read', () => {
    // What fetch's body fails with for data its decoder refuses (undici 7, node:http: at once).
    const undecodable = () =>
      new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new TypeError('terminated', { cause: new Error('incorrect header check') })) });
    const answer = (status: number, statusText: string, coding: string, body: ReadableStream<Uint8Array>) => () =>
      Promise.resolve(new Response(body, { status, statusText, headers: { 'content-type': 'application/json', 'content-encoding': coding } }));

    test('says the body could not be decoded, naming the content-encoding, and keeps the status and its advice', async () => {
      const fetch = answer(400, 'Bad Request', 'gzip', undecodable());
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as Error).message).toBe(
          '400 Bad Request (the error body came compressed (content-encoding "gzip") and could not be decoded: terminated: incorrect header check). [POST /openai/v1/chat/completions]. Check the request parameters named in the message.',
      );
    });

    test('a server error keeps the advice and the count of tries', async () => {
      const fetch = answer(500, 'Internal Server Error', 'br', undecodable());
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as Error).message).toMatch(/^500 Internal Server Error \(the error body came compressed \(content-encoding "br"\) and could not be decoded: terminated: incorrect header check\)\. \[GET \/openai\/v1\/models\]\. Groq had a server-side problem.* Retries were off \(maxRetries: 0\)\.$/);
    });

    test("one whose read the timeout stopped (Node 20's fetch may wait so on data it cannot decode) says so, not 'body (empty)'", async () => {
      const fetch = answer(503, 'Service Unavailable', 'gzip', new ReadableStream<Uint8Array>());
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0, timeout: 100 }).models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InternalServerError);
      const message = (error as Error).message;
      expect(message).toMatch(/^503 Service Unavailable \(the error body came compressed \(content-encoding "gzip"\) and had not been read whole when the timeout stopped it: it could not be decoded, which some fetches, Node's built-in one among them, do not report, or the server stalled\)\. /);
      expect(message).not.toContain('body (empty)');
    });

    test('one sent as it is that breaks says so, after what came, rather than only "not a JSON error body"', async () => {
      // What groq-sdk says too ("429 terminated"): without it, a cut-off body read as a server's bad JSON or empty answer.
      const terminated = new TypeError('terminated', { cause: new Error('other side closed') });
      const answer = (pieces: string[]) => () => {
        const { body } = createTestBody(pieces, { breakWith: terminated });
        return Promise.resolve(new Response(body, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'application/json' } }));
      };
      const none = await new Groq({ apiKey: 'k', fetch: answer([]), maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect(none).toBeInstanceOf(InternalServerError);
      expect((none as Error).message).toMatch(/^502 Bad Gateway \(the error body broke off: terminated: other side closed; what came: application\/json, body \(empty\)\)\. \[GET \/openai\/v1\/models\]\. Groq had a server-side problem/);
      const part = await new Groq({ apiKey: 'k', fetch: answer(['{"error":{"message":"The model']), maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect((part as Error).message).toMatch(/^502 Bad Gateway \(the error body broke off: terminated: other side closed; what came: application\/json, body "\{\\"error\\":\{\\"message\\":\\"The model"\)\. /);
    });

    test('one sent as it is that the timeout stopped says so, after what came', async () => {
      const fetch = () => Promise.resolve(new Response(createTestBody(['<html>'], { holdOpen: true }).body, { status: 503, statusText: 'Service Unavailable', headers: { 'content-type': 'text/html' } }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0, timeout: 100 }).models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as Error).message).toMatch(/^503 Service Unavailable \(the error body had not come whole when the timeout stopped its read: the server stalled; what came: text\/html, body "<html>"\)\. /);
    });

    test('one sent as it is that comes whole is described as before', async () => {
      const fetch = () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/^502 Bad Gateway \(not a JSON error body: text\/html, body "<html>Bad gateway<\/html>"\)\. /);
    });
  });

  describe('a JSON error body larger than 64 KiB', () => {
    // Groq's json_validate_failed and tool_use_failed carry what the model wrote (up to max_completion_tokens,
    // 100 KB and more) in failed_generation. Read to 64 KiB only, such a body was "not a JSON error body", its
    // message, code and failed_generation lost, or parsed whole when the transport handed it over in one piece.
    const failedGeneration = `{"answer": "${'word '.repeat(40_000)}`;
    const body = JSON.stringify({ error: { message: "Failed to generate JSON. Please adjust your prompt. See 'failed_generation' for more details.", type: 'invalid_request_error', code: 'json_validate_failed', failed_generation: failedGeneration } });
    const inPieces = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, index) => text.slice(index * size, (index + 1) * size));

    test.each([16 * 1024, 1024 * 1024])('is read whole and gives its message, code and failed_generation, whatever the size of the pieces it comes in (%i)', async (size) => {
      const fetch = () => Promise.resolve(new Response(createTestBody(inPieces(body, size)).body, { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json' } }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).message).toMatch(/^400 Failed to generate JSON\. Please adjust your prompt\./);
      expect((error as BadRequestError).code).toBe('json_validate_failed');
      expect(((error as BadRequestError).error as { error: { failed_generation: string } }).error.failed_generation).toBe(failedGeneration);
    });

    test('under a 200, where a stream was asked for (a proxy that always answers 200), is that error too, not a body of the wrong kind', async () => {
      const fetch = () => Promise.resolve(new Response(createTestBody(inPieces(body, 16 * 1024)).body, { status: 200, headers: { 'content-type': 'application/json' } }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GroqError);
      expect(error).toMatchObject({ status: 200, code: 'json_validate_failed' });
      expect((error as Error).message).toMatch(/^200 Failed to generate JSON\. Please adjust your prompt\./);
    });

    test('past the bound of 4 MiB says so, not "not a JSON error body", and the rest is not read', async () => {
      const { body: endless, stats } = createTestBody([`{"error":{"message":"bad","failed_generation":"`, ...Array.from({ length: 1024 }, () => 'x'.repeat(16 * 1024))], { holdOpen: true });
      const fetch = () => Promise.resolve(new Response(endless, { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json' } }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadRequestError);
      const message = (error as Error).message;
      expect(message).toMatch(/^400 Bad Request \(the error body is larger than 4 MiB, which the client reads no further; what came: application\/json, body "\{\\"error\\":\{\\"message\\":\\"bad\\",\\"failed_generation\\":\\"xxx/);
      expect(message).not.toContain('not a JSON error body');
      expect(stats.cancelled).toBe(true);
      expect(stats.piecesPulled).toBeLessThanOrEqual(1 + 4 * 64 + 1);
    });
  });

  describe('an error body sent as an event stream', () => {
    const error = { message: 'Rate limit reached for model `llama-3.1-8b-instant`: try again in 2s.', type: 'tokens', code: 'rate_limit_exceeded' };
    test.each([
      ['a data line', `data: ${JSON.stringify({ error })}\n\n`],
      ['an error event', `event: error\ndata: ${JSON.stringify({ error })}\n\n`],
      ['an error event after a comment, with CRLF lines', `: keep-alive\r\n\r\nevent: error\r\ndata: ${JSON.stringify({ error })}\r\n\r\n`],
    ])('gives message, type and code from %s, as from a JSON error body', async (_, body) => {
      const fetch = () => Promise.resolve(new Response(body, { status: 429, statusText: 'Too Many Requests', headers: { 'content-type': 'text/event-stream; charset=utf-8' } }));
      const thrown = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
      expect(thrown).toBeInstanceOf(RateLimitError);
      const { message, type, code } = thrown as RateLimitError;
      expect(message).toMatch(/^429 Rate limit reached for model `llama-3\.1-8b-instant`: try again in 2s\. \[POST \/openai\/v1\/chat\/completions\]/);
      expect(message).not.toContain('data:');
      expect({ type, code }).toEqual({ type: 'tokens', code: 'rate_limit_exceeded' });
      expect((thrown as RateLimitError).error).toEqual({ error });
    });

    test('one without an error in its events is described as a body that is not JSON', async () => {
      const fetch = () => Promise.resolve(new Response('data: [DONE]\n\n', { status: 500, statusText: 'Internal Server Error', headers: { 'content-type': 'text/event-stream' } }));
      const thrown = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).models.list().catch((caught: unknown) => caught);
      expect((thrown as Error).message).toMatch(/^500 Internal Server Error \(not a JSON error body: text\/event-stream, body "data: \[DONE\]"\)/);
    });
  });
});
