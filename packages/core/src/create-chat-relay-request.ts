import type { ChatRelayOptions } from './chat-relay-options.js';
import { describeKind } from './describe-kind.js';
import { APIError } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { GroqError } from './errors/groq-error.js';
import type { Groq } from './groq.js';
import { errorWordsForLog, logWithClient } from './log-with-client.js';
import { markThrownByPrepare } from './thrown-by-prepare.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

/** What the two relays share about one request: see {@link createChatRelayRequest}. */
export interface ChatRelayRequest<IncomingRequest = unknown> {
  /**
   * Runs `options.prepare` on the checked parameters and picks the request's client, in this order: a
   * `client` given as a client (read once, getter included) is known before `prepare`, so that a bug there is
   * logged through it; a `client` function is called after `prepare`, with `request`. Once `signal` has
   * aborted (the browser left while its body was read, or while an earlier step or `prepare` itself was
   * awaited), neither is called: it rejects with an `APIUserAbortError` (the signal's reason as `cause`).
   */
  prepare(
    params: ChatCompletionCreateParamsStreaming,
    request: IncomingRequest,
  ): Promise<{
    /** The parameters to send: what `prepare` returned, or `params` when there is none. */
    params: ChatCompletionCreateParamsStreaming;
    /** The request's client, which the lines about the request now go through. */
    client: Groq;
  }>;
  /** Logs a `warn` line for a failure the server should know of before the stream (`serverFault`): the browser got `status`. */
  logUpstreamFailure(status: number, error: unknown): void;
  /**
   * Logs a `warn` line for a failure once the answer's response began, after `chunks` chunks when the relay counts
   * them (with 0 the line says the answer failed before its first chunk).
   */
  logMidStreamFailure(error: unknown, chunks?: number): void;
  /**
   * Logs an `error` line, with the error (redacted) after it, for a failure of the app's own `client` or
   * `prepare`: `prepare` that gave up after 30 s (a prompt store that timed out) is not one that threw at once.
   * Called before `prepare()` (the app failed before the relay used them: a body an earlier middleware read),
   * the line says so, and goes through `options.client` when that is a client.
   */
  logAppFailure(error: unknown): void;
  /**
   * Logs an `info` line for a refusal that is not the server's to fix, so not a warning: the browser's own bad
   * request (400, 405, 413, ...), or Groq's refusal of the request (a rate limit, 429 or 498; a conversation
   * too long for the model). The browser got `status`.
   */
  logRefusal(status: number, error: unknown): void;
  /**
   * Logs an `info` line for an answer the browser did not take to its end, after `chunks` chunks: it left, or
   * (`stalled`) it took no bytes for the relay's `stallTimeoutMs`, and the relay closed its connection. Either
   * way the upstream request was aborted; `requestId` is Groq's, when it sent one. Unlike the other lines, it
   * is written after the browser left: that is what it says.
   */
  logBrowserGone(chunks: number, stalled: boolean, requestId?: string): void;
  /**
   * Logs an `info` line for an answer cut short on the server's side, after `chunks` chunks, while the browser
   * was still there: code other than the relay's (another middleware, a time limit of the app's, a shutdown)
   * `ended` the response, or `destroyed` it or its connection. For the Express relay, whose response other code
   * can end; {@link logBrowserGone}'s line would send whoever reads the log looking for impatient users. The
   * upstream request was aborted; `requestId` is Groq's, when it sent one.
   */
  logResponseClosed(chunks: number, how: 'ended' | 'destroyed', requestId?: string): void;
}

/**
 * The part of one relayed request that `createChatStreamMiddleware` (`@groq-stream/node`) and
 * `createChatRouteHandler` (`@groq-stream/web`) share: which client the request uses, and the lines they log
 * about it. Each line starts with `relay`, the relay's name, and is written with `logWithClient` through the
 * request's client once `prepare()` knows it (before then, through `options.client` when that is a
 * client, else to `console`), its words from `errorWordsForLog`.
 *
 * No line is written once `signal` has aborted, `logAppFailure`'s included: the browser left, and got neither
 * the status nor the error event a line would name (the upstream request is aborted with it). `logBrowserGone`'s
 * is the exception, since that is what it says.
 *
 * Each line says how long the request had run when it was written (`after 1234 ms`), from
 * the call to `createChatRelayRequest`, which the relays make as a request comes in, by `performance.now()`.
 *
 * @param relay - The relay's name, which starts each line.
 * @param options - The relay's options: `client` and `prepare` are read when `prepare()` is called.
 * @param signal - Aborted when the browser goes away: no line is written then (see above), and `prepare()` calls
 *   neither `options.prepare` nor a `client` function.
 * @returns One request's {@link ChatRelayRequest}: call its `prepare()` once, then the log method that fits a
 *   failure. Nothing is read from `options` and nothing is logged until then.
 *
 * @example
 * ```ts
 * const requestOptions = checkChatRelayOptions(options); // once, when the relay is made
 * // for each request:
 * const relayed = createChatRelayRequest('myRelay', options, request.signal);
 * try {
 *   const { params, client } = await relayed.prepare(parseChatRequest(input, options), request);
 *   // ... create(params, { ...requestOptions, signal: request.signal }) and stream the answer
 * } catch (error) {
 *   const answer = relayErrorResponse(error);
 *   if (answer.serverFault) relayed.logUpstreamFailure(answer.status, error);
 *   if (!answer.expected) relayed.logAppFailure(error);
 * }
 * ```
 */
export function createChatRelayRequest<IncomingRequest>(relay: string, options: ChatRelayOptions<IncomingRequest>, signal?: AbortSignal): ChatRelayRequest<IncomingRequest> {
  // The request's client, once known: its logger and logLevel take the lines about this request.
  let chosen: Groq | undefined;
  // Whether `options.client` was read for this request: it is read once (it may be a getter).
  let clientRead = false;
  // The lines say how long the request had run: a failure after 60 s is a timeout's, one after 20 ms is not,
  // and a browser that left after 2 s is impatience, not a stall. On the monotonic clock: a wall clock stepped
  // meanwhile (NTP, a VM resumed) made it "after -3599000 ms".
  const started = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - started);
  const elapsed = (): string => `after ${elapsedMs()} ms`;
  // Whether the browser has left: asked again after each await, when it may have.
  const left = (): boolean => signal?.aborted === true;
  // Before `prepare`, a client given as a client is already known: a line about a request refused (or an app that
  // failed) that early goes through its logger and logLevel rather than console, where it may never show.
  const lineClient = (): Groq | undefined => (clientRead ? chosen : clientGiven(options));
  const log = (level: 'error' | 'warn' | 'info', message: string, ...details: unknown[]): void => {
    if (!left()) logWithClient(lineClient(), level, `${relay}: ${message}`, ...details);
  };
  // Written whether or not `signal` has aborted: the line says why the answer stopped.
  const cutShort = (what: string, chunks: number, requestId: string | undefined): void => {
    const request = requestId === undefined ? '' : `, request ${requestId}`;
    const sent = `${chunks} ${chunks === 1 ? 'chunk' : 'chunks'}`;
    logWithClient(lineClient(), 'info', `${relay}: ${what} after ${sent} and ${elapsedMs()} ms; the upstream request was aborted${request}.`);
  };
  return {
    async prepare(params, request) {
      // The app's work (a database lookup, a quota counted, an audit line) and its side effects are for an answer
      // that nobody would read: nothing more is sent upstream after this either.
      if (left()) throw browserLeft(signal, 'prepare was not called');
      // Marked read first: a getter that throws (a lazy `new Groq()` without a key) is the client option failing,
      // which the line must name, and its lines go to console rather than through a second read of it.
      clientRead = true;
      const given = options.client; // read once: it may be a getter
      if (typeof given !== 'function') chosen = given;
      const { prepare } = options;
      let prepared = params;
      try {
        // Called on `options`, as `options.prepare(...)` would be: a method of a class may use `this`.
        if (prepare !== undefined) prepared = checkPrepared(await prepare.call(options, params, request));
      } catch (error) {
        // A GroqError from here is the app's failure, not a client that is not set up (see relayErrorResponse).
        markThrownByPrepare(error);
        throw error;
      }
      // A client function may look up a tenant's key: not for a browser that left while prepare ran.
      if (left() && typeof given === 'function') throw browserLeft(signal, 'the client function was not called');
      const client = typeof given === 'function' ? await given(request) : given;
      chosen = client;
      return { params: prepared, client };
    },
    logUpstreamFailure(status, error) {
      log('warn', `the chat request failed upstream ${elapsed()} (the browser got ${status}). ${errorWordsForLog(error)}`);
    },
    logMidStreamFailure(error, chunks) {
      // "Mid-stream" would mislead whoever reads the log when the relay knows that no chunk went out.
      const when = chunks === 0 ? `before its first chunk, ${elapsed()}` : `mid-stream ${elapsed()}`;
      const after = chunks === undefined || chunks === 0 ? '' : ` after ${chunks} ${chunks === 1 ? 'chunk' : 'chunks'}`;
      log('warn', `the answer failed ${when} (the browser got an error event${after}). ${errorWordsForLog(error)}`);
    },
    logAppFailure(error) {
      // Before `prepare`, the app failed elsewhere (a body an earlier middleware took, or set to what is no JSON):
      // naming client or prepare would send its developer to the wrong code.
      const where = clientRead ? 'in the client or prepare option' : 'before the relay used the client or prepare option';
      log('error', `the chat request failed before streaming, ${where}, ${elapsed()}: ${errorWordsForLog(error)}`, error);
    },
    logRefusal(status, error) {
      const what = APIError.isInstance(error)
        ? `the chat request was refused upstream ${elapsed()} (the browser got ${status})`
        : `the browser's chat request was refused ${elapsed()} (it got ${status})`;
      log('info', `${what}. ${errorWordsForLog(error)}`);
    },
    logBrowserGone(chunks, stalled, requestId) {
      // Without the line, an answer cut short by the browser looks, in the log, like one that was never asked for.
      cutShort(stalled ? 'the browser took no bytes for stallTimeoutMs, so its connection was closed' : 'the browser left', chunks, requestId);
    },
    logResponseClosed(chunks, how, requestId) {
      cutShort(
        how === 'ended'
          ? 'other code ended the response (its end() was called outside the relay: another middleware, a time limit; the browser had not left)'
          : 'other code destroyed the response or its connection (a time limit, a shutdown; the browser had not left)',
        chunks,
        requestId,
      );
    },
  };
}

/** The browser went away (`signal` aborted) before the relay had prepared its request: nobody is left to answer. */
function browserLeft(signal: AbortSignal | undefined, skipped: string): APIUserAbortError {
  return new APIUserAbortError(`The browser left before its chat request was prepared: ${skipped}.`, { cause: signal?.reason });
}

/** `options.client` when it is a client rather than a function; `undefined` also when reading it throws (a getter). */
function clientGiven(options: Pick<ChatRelayOptions<never>, 'client'>): Groq | undefined {
  try {
    const given = options.client;
    return typeof given === 'function' ? undefined : given;
  } catch {
    return undefined;
  }
}

/**
 * What `prepare` returned, if it is parameters for a streamed answer. Anything else (nothing, `stream: false`,
 * parameters rebuilt without `stream`) made the relay send a request for a whole, unstreamed answer, paid for
 * in full, and then fail on an answer it cannot stream: a 500 with a TypeError in the log, or from the
 * Express relay a 200 whose error event blamed the upstream. Refused before anything is sent.
 */
function checkPrepared(prepared: ChatCompletionCreateParamsStreaming): ChatCompletionCreateParamsStreaming {
  const returned = prepared as unknown;
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new GroqError(`prepare must return the parameters to send, got ${describeKind(returned)}.`, { hint: 'Return { ...params, ... }: the parameters prepare was given, changed.' });
  }
  const { stream } = returned as { stream?: unknown };
  if (stream !== true) {
    const got = stream === undefined ? 'without stream' : `with stream: ${typeof stream === 'boolean' ? String(stream) : describeKind(stream)}`;
    throw new GroqError(`prepare must return parameters with stream: true (the relay streams the answer), got them ${got}.`, {
      hint: 'Return { ...params, ... }: spreading the parameters prepare was given keeps stream: true.',
    });
  }
  return prepared;
}
