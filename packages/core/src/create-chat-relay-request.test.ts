import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ChatRelayOptions } from './chat-relay-options.js';
import { createChatRelayRequest } from './create-chat-relay-request.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { ChatRequestError, type ChatRequestErrorOptions } from './errors/chat-request-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';
import type { Logger } from './logger.js';
import { relayErrorResponse } from './relay-error-response.js';
import { recordingLogger } from './test/recording-logger.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

const secret = 'gsk_ChatRelayRequestSecret0123456789';
const params: ChatCompletionCreateParamsStreaming = { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], stream: true };

/** A logger that keeps each call as `[level, ...arguments]`. */
const clientWith = (logger: Logger) => new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger });
const relayOptions = (options: Partial<ChatRelayOptions> & Pick<ChatRelayOptions, 'client'>): ChatRelayOptions => ({ model: params.model, ...options });

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Stops the clock that the relay's lines read (`Date.now()`); `advance(ms)` moves it on. */
function stoppedClock(): { advance: (ms: number) => void } {
  vi.useFakeTimers({ toFake: ['Date', 'performance'] });
  vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
  return { advance: (ms) => vi.advanceTimersByTime(ms) };
}

describe('createChatRelayRequest', () => {
  test('writes the three lines through the client, each starting with the relay name, keys redacted, each with the time since the request came', async () => {
    const clock = stoppedClock();
    const logger = recordingLogger();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }));
    await relayed.prepare(params, {});
    clock.advance(1234);
    relayed.logUpstreamFailure(401, new Error(`Invalid API Key ${secret}`));
    clock.advance(1);
    relayed.logMidStreamFailure(new Error('cut off'));
    relayed.logMidStreamFailure(new Error('cut off'), 0);
    relayed.logMidStreamFailure(new Error('cut off'), 1);
    relayed.logMidStreamFailure(new Error('cut off'), 4);
    relayed.logAppFailure(new Error(`prompt store failed for ${secret}`));
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['warn', '[groq-stream] myRelay: the chat request failed upstream after 1234 ms (the browser got 401). Invalid API Key [redacted]'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream after 1235 ms (the browser got an error event). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed before its first chunk, after 1235 ms (the browser got an error event). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream after 1235 ms (the browser got an error event after 1 chunk). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream after 1235 ms (the browser got an error event after 4 chunks). cut off'],
      ['error', '[groq-stream] myRelay: the chat request failed before streaming, in the client or prepare option, after 1235 ms: prompt store failed for [redacted]'],
    ]);
    expect((logger.calls[5]![2] as Error).message).toBe('prompt store failed for [redacted]');
  });

  test('the time in a line is the time the request ran, whatever the wall clock did meanwhile', async () => {
    const clock = stoppedClock();
    const logger = recordingLogger();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }));
    await relayed.prepare(params, {});
    clock.advance(250);
    // NTP, or a VM resumed, sets the wall clock back an hour during the request.
    vi.setSystemTime(Date.now() - 3_600_000);
    clock.advance(5);
    relayed.logMidStreamFailure(new Error('cut off'), 1);
    expect(logger.calls.map(([, line]) => line)).toEqual([
      '[groq-stream] myRelay: the answer failed mid-stream after 255 ms (the browser got an error event after 1 chunk). cut off',
    ]);
  });

  test("the app's failure before prepare (a body an earlier middleware took) goes through the client given, and does not blame client or prepare", async () => {
    const clock = stoppedClock();
    const logger = recordingLogger();
    const early = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }));
    clock.advance(2);
    early.logAppFailure(new TypeError('The request body was already read before myRelay got the request.'));
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['error', '[groq-stream] myRelay: the chat request failed before streaming, before the relay used the client or prepare option, after 2 ms: The request body was already read before myRelay got the request.'],
    ]);
    // A client function is not called for a line: before prepare, such a relay's lines go to console.
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const called = vi.fn(() => clientWith(logger));
    createChatRelayRequest('myRelay', relayOptions({ client: called })).logAppFailure(new TypeError('read already'));
    expect(called).not.toHaveBeenCalled();
    expect(error.mock.calls.map(([line]) => line)).toEqual(['[groq-stream] myRelay: the chat request failed before streaming, before the relay used the client or prepare option, after 0 ms: read already']);
  });

  test("a refusal is an info line through the client, also one refused before prepare: the browser's or upstream's", async () => {
    const clock = stoppedClock();
    const logger = recordingLogger();
    const client = new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger, logLevel: 'info' });
    const early = createChatRelayRequest('myRelay', relayOptions({ client }));
    clock.advance(3);
    early.logRefusal(400, new ChatRequestError('The request body is not valid JSON.', { status: 400, code: 'invalid_json' }));
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client }));
    await relayed.prepare(params, {});
    clock.advance(812);
    relayed.logRefusal(429, createAPIError(429, { error: { message: `Rate limit reached for ${secret}` } }, new Headers({ 'x-request-id': 'req_7' }), { method: 'POST', path: '/openai/v1/chat/completions' }));
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['info', "[groq-stream] myRelay: the browser's chat request was refused after 3 ms (it got 400). The request body is not valid JSON."],
      ['info', '[groq-stream] myRelay: the chat request was refused upstream after 812 ms (the browser got 429). 429 Rate limit reached for [redacted]. [POST /openai/v1/chat/completions, request req_7]. Wait for the delay the server asks for (retry-after), lower the request rate or token usage, or raise your limits.'],
    ]);
  });

  test('a browser that left is an info line through the client, written after the signal aborted, with the request id', async () => {
    const logger = recordingLogger();
    const client = new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger, logLevel: 'info' });
    const clock = stoppedClock();
    const left = new AbortController();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client }), left.signal);
    await relayed.prepare(params, {});
    clock.advance(2500);
    left.abort();
    relayed.logBrowserGone(1, false, 'req_7');
    clock.advance(30_000);
    relayed.logBrowserGone(12, true);
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['info', '[groq-stream] myRelay: the browser left after 1 chunk and 2500 ms; the upstream request was aborted, request req_7.'],
      ['info', '[groq-stream] myRelay: the browser took no bytes for stallTimeoutMs, so its connection was closed after 12 chunks and 32500 ms; the upstream request was aborted.'],
    ]);
  });

  test('an answer cut short by other code (the response ended or destroyed) is an info line that says so, not that the browser left', async () => {
    const logger = recordingLogger();
    const client = new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger, logLevel: 'info' });
    const clock = stoppedClock();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client }), new AbortController().signal);
    await relayed.prepare(params, {});
    clock.advance(1200);
    relayed.logResponseClosed(3, 'ended', 'req_7');
    relayed.logResponseClosed(1, 'destroyed');
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['info', '[groq-stream] myRelay: other code ended the response (its end() was called outside the relay: another middleware, a time limit; the browser had not left) after 3 chunks and 1200 ms; the upstream request was aborted, request req_7.'],
      ['info', "[groq-stream] myRelay: other code destroyed the response or its connection (a time limit, a shutdown; the browser had not left) after 1 chunk and 1200 ms; the upstream request was aborted."],
    ]);
  });

  test('a client given as such is read once and known before prepare, so a bug there is logged through it', async () => {
    const logger = recordingLogger();
    const client = clientWith(logger);
    let reads = 0;
    // Not through `relayOptions`: its spread would read the getter once itself and hand the relay a plain value.
    const options: ChatRelayOptions = {
      model: params.model,
      get client() {
        reads++;
        return client;
      },
      prepare: () => {
        throw new Error('prompt store down');
      },
    };
    const relayed = createChatRelayRequest('myRelay', options);
    const failure = await relayed.prepare(params, {}).catch((error: unknown) => error);
    relayed.logAppFailure(failure);
    expect(reads).toBe(1);
    expect(logger.calls.map(([level]) => level)).toEqual(['error']);
  });

  test('a client function is called after prepare with the request; before it gives a client, lines go to console', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const logger = recordingLogger();
    const client = clientWith(logger);
    const order: string[] = [];
    const request = { url: '/api/chat' };
    const options = relayOptions({
      client: (given) => {
        order.push(given === request ? 'client, with the request' : 'client, without it');
        return client;
      },
      prepare(prepared, given) {
        order.push(given === request && this === options ? 'prepare, on the options' : 'prepare, elsewhere');
        return { ...prepared, temperature: 0 };
      },
    });
    const relayed = createChatRelayRequest('myRelay', options);
    expect(await relayed.prepare(params, request)).toEqual({ params: { ...params, temperature: 0 }, client });
    expect(order).toEqual(['prepare, on the options', 'client, with the request']);
    relayed.logUpstreamFailure(500, new Error('down'));
    expect(logger.calls).toHaveLength(1);
    const early = createChatRelayRequest('myRelay', relayOptions({ client: () => client, prepare: () => Promise.reject(new Error('no tenant')) }));
    early.logAppFailure(await early.prepare(params, request).catch((failure: unknown) => failure));
    expect(error.mock.calls.map(([line]) => line)).toEqual([expect.stringMatching(/^\[groq-stream\] myRelay: the chat request failed before streaming, in the client or prepare option, after \d+ ms: no tenant$/)]);
    expect(logger.calls).toHaveLength(1);
  });

  test('writes nothing once the signal has aborted: the browser left and got neither the status nor the event', async () => {
    const logger = recordingLogger();
    const left = new AbortController();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }), left.signal);
    await relayed.prepare(params, {});
    relayed.logUpstreamFailure(401, new Error('refused'));
    left.abort();
    relayed.logUpstreamFailure(401, new Error('refused'));
    relayed.logMidStreamFailure(new Error('cut off'), 2);
    relayed.logAppFailure(new Error('a bug'));
    expect(logger.calls.map(([level]) => level)).toEqual(['warn']);
  });

  test('calls neither prepare nor a client function once the signal has aborted, nor the client function when it aborts while prepare runs', async () => {
    const client = clientWith(recordingLogger());
    const calls: string[] = [];
    const reason = new Error('the browser left');
    const options = relayOptions({
      client: () => (calls.push('client'), client),
      prepare: async (given) => (calls.push('prepare'), given),
    });
    const gone = new AbortController();
    gone.abort(reason);
    const before = await createChatRelayRequest('myRelay', options, gone.signal).prepare(params, {}).catch((error: unknown) => error);
    expect(before).toBeInstanceOf(APIUserAbortError);
    expect(before).toMatchObject({ message: 'The browser left before its chat request was prepared: prepare was not called.', cause: reason });
    expect(calls).toEqual([]);
    // Leaves while prepare (a session store's lookup) is awaited.
    const leaving = new AbortController();
    const during = await createChatRelayRequest('myRelay', relayOptions({ client: options.client, prepare: async (given) => (calls.push('prepare'), leaving.abort(reason), given) }), leaving.signal)
      .prepare(params, {})
      .catch((error: unknown) => error);
    expect(during).toMatchObject({ message: 'The browser left before its chat request was prepared: the client function was not called.', cause: reason });
    expect(calls).toEqual(['prepare']);
    // Neither is a failure the relay answers as the app's: the abort is nobody's to answer (499 from the web relay).
    expect(relayErrorResponse(before).expected).toBe(true);
  });
});

describe('relayErrorResponse of what prepare() threw', () => {
  const appFailure = { type: 'server_error', message: 'The server could not handle the chat request.', status: 500 };
  const notSetUp = { type: 'server_error', message: 'The server is not set up to use the AI service.', status: 500 };
  const client = new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')) });

  /** What `prepare()` of a relay with `options` rejected with, and the relay's answer to it. */
  async function failure(options: ChatRelayOptions): Promise<{ error: unknown; answer: ReturnType<typeof relayErrorResponse> }> {
    const error = await createChatRelayRequest('myRelay', options)
      .prepare(params, {})
      .then(() => undefined, (rejected: unknown) => rejected);
    return { error, answer: relayErrorResponse(error) };
  }

  /** `failure` of a relay whose `prepare` throws what `make` makes (or throws). */
  const preparing = (make: () => unknown) =>
    failure(
      relayOptions({
        client,
        prepare: () => {
          throw make();
        },
      }),
    );

  test("a GroqError that the app's prepare throws is the app's failure, not a client that is not set up; the error itself is unchanged", async () => {
    const own = new GroqError(`tenant check failed for ${secret}`);
    const thrown = await preparing(() => own);
    expect(thrown.error).toBe(own);
    expect(thrown.answer).toMatchObject({ status: 500, expected: false, serverFault: false, body: { error: appFailure } });
    // A ChatRequestError made with a status no answer can carry throws a GroqError from its constructor, in a
    // prepare that throws or one that rejects.
    const badStatus = await preparing(() => new ChatRequestError('Sign in.', { status: 401.5, code: 'sign_in' }));
    const rejected = await failure(relayOptions({ client, prepare: async () => Promise.reject(new ChatRequestError('Sign in.', { status: 200, code: 'x' } as ChatRequestErrorOptions)) }));
    for (const { error, answer } of [badStatus, rejected]) {
      expect(error).toBeInstanceOf(GroqError);
      expect(error).not.toBeInstanceOf(ChatRequestError);
      expect(answer).toMatchObject({ status: 500, expected: false, body: { error: appFailure } });
    }
  });

  test("parameters from prepare that are not for a streamed answer (none, stream: false, rebuilt without stream) are the app's failure, refused before sending", async () => {
    const { stream: _, ...unstreamed } = params;
    const returned: [unknown, RegExp][] = [
      [undefined, /^prepare must return the parameters to send, got undefined\. Return \{ \.\.\.params/],
      [null, /got null\./],
      [[params], /got a list\./],
      ['Hi', /got a string\./],
      [{ ...params, stream: false }, /^prepare must return parameters with stream: true \(the relay streams the answer\), got them with stream: false\./],
      [unstreamed, /got them without stream\./],
      [{ ...params, stream: 'true' }, /got them with stream: a string\./],
    ];
    for (const [value, message] of returned) {
      const { error, answer } = await failure(relayOptions({ client, prepare: () => value as ChatCompletionCreateParamsStreaming }));
      expect(error).toBeInstanceOf(GroqError);
      expect((error as GroqError).message).toMatch(message);
      expect(answer).toMatchObject({ status: 500, expected: false, serverFault: false, body: { error: appFailure } });
    }
    // An async prepare too; and parameters for a stream pass as they are.
    expect((await failure(relayOptions({ client, prepare: async () => ({ ...params, stream: false }) as unknown as ChatCompletionCreateParamsStreaming }))).answer.status).toBe(500);
    const prepared = { ...params, temperature: 0.2 };
    await expect(createChatRelayRequest('myRelay', relayOptions({ client, prepare: async () => prepared })).prepare(params, {})).resolves.toEqual({ params: prepared, client });
  });

  test('a client that cannot be made (no key), from a function after prepare or a getter before it, keeps the words for a server not set up', async () => {
    const noKey = () => new Groq({ apiKey: '' });
    const factory = await failure(relayOptions({ client: noKey, prepare: (prepared) => prepared }));
    // Not through relayOptions, whose spread would call the getter.
    const getter = await failure({
      model: params.model,
      get client(): Groq {
        return noKey();
      },
    });
    for (const { error, answer } of [factory, getter]) {
      expect(String(error)).toMatch(/No Groq API key/);
      expect(answer).toMatchObject({ status: 500, expected: false, body: { error: notSetUp } });
    }
  });

  test('a client getter that throws (no key, as the READMEs\' lazy route client throws) is the client option failing: the line says so, and goes to console with the getter read once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let reads = 0;
    // Not through relayOptions, whose spread would call the getter.
    const relayed = createChatRelayRequest('myRelay', {
      model: params.model,
      get client(): Groq {
        reads++;
        return new Groq({ apiKey: '' });
      },
    });
    relayed.logAppFailure(await relayed.prepare(params, {}).catch((failure: unknown) => failure));
    expect(error.mock.calls.map(([line]) => line)).toEqual([expect.stringMatching(/^\[groq-stream\] myRelay: the chat request failed before streaming, in the client or prepare option, after \d+ ms: No Groq API key was given\./)]);
    expect(reads).toBe(1);
  });

  test("prepare's refusal and Groq's answers are still answered as they are", async () => {
    const refused = await preparing(() => new ChatRequestError('Sign in to chat.', { status: 401, code: 'sign_in_required' }));
    expect(refused.answer).toMatchObject({ status: 401, expected: true, body: { error: { message: 'Sign in to chat.', code: 'sign_in_required' } } });
    const limited = await preparing(() => createAPIError(429, { error: { message: 'Rate limit reached' } }, new Headers({ 'retry-after': '3' })));
    expect(limited.answer).toMatchObject({ status: 429, expected: true, headers: { 'retry-after': '3' }, body: { error: { type: 'rate_limit' } } });
  });
});
