import { abortWhenDropped } from './abort-when-dropped.js';
import { ChunkReader } from './chunk-reader.js';
import { compressedBodyHint } from './compressed-body-hint.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { stopHooks } from './hand-over-to-raw-response.js';
import { maxDelayMs } from './max-delay-ms.js';
import { onAbort } from './on-abort.js';
import { isJSONContentType, readBoundedText, unexpectedBodyError } from './read-response-body.js';
import { requestIdFrom } from './request-id.js';
import { abortErrorOf } from './stream-aborted-error.js';
// Types only: stream.ts imports this module, so the `Stream` class comes in as an argument. An import of the
// class would close a cycle between the two modules, which Rollup warns about in every app that bundles them.
import type { Stream, StreamOptions } from './stream.js';

/**
 * {@link Stream.fromSSEResponse} (`streamClass` is `Stream`), and `onStop`: called once the stream is done for
 * good (its reader handed out the end or an error, or was left by a `break`; or an abort), for the client to
 * release what it tied to the stream. Not as soon as reading stops: chunks read before `[DONE]` may still wait
 * to be taken, and the caller's signal must still abort them.
 */
export function streamFromSSEResponse<Item>(
  streamClass: typeof Stream,
  response: Response,
  controller: AbortController,
  options: StreamOptions,
  onStop?: () => void,
): Stream<Item> {
  const body = bodyOf(response);
  const context = { ...contextOf(response), ...options.context };
  // An abort also stops a stream that is never iterated, which never gets a reader to call `onStop`.
  if (onStop !== undefined) controller.signal.addEventListener('abort', onStop, { once: true });
  const stream = abortWhenDropped(new streamClass(() => new ChunkReader<Item>(body, controller, 'sse', { ...options, context, idleHint: compressedBodyHint(response.headers, 'streamIdleTimeout'), headers: response.headers }, onStop), controller, response), body);
  if (onStop !== undefined) stopHooks.set(stream, onStop);
  streamContexts.set(stream, context);
  return stream;
}

/**
 * The request each stream answers, as the stream's own errors name it: with the client's method and path,
 * which the response does not say (a `Response` made by a custom fetch has no url). Kept for what is built on
 * the stream and throws errors of its own, such as a `tee()` branch's abort.
 */
export const streamContexts = new WeakMap<object, ErrorRequestContext>();

/**
 * A stream of a response that is no event stream (a relay's 429 or 400, a framework's 404 page, an HTML
 * page served with 200): read as events, its body would end as a cut-off stream, telling to retry what no
 * retry fixes. Iterating it reads the body into the error `errorOf` makes instead, and throws that.
 * `idleTimeout` (the stream's option; 0: none) bounds that read, which takes at most 64 KiB: a body that
 * stalls would otherwise hold the reader for ever, where the same stall in an event stream fails.
 * `streamClass` is `Stream`.
 */
export function refusedStream<Item>(
  streamClass: typeof Stream,
  response: Response,
  controller: AbortController,
  errorOf: (signal: AbortSignal, context: ErrorRequestContext) => Promise<GroqError>,
  idleTimeout = 0,
): Stream<Item> {
  // A body read already fails here, as it does for any stream. An abort before reading releases the body, as
  // it does a stream's (see `abortWhenDropped`); during the read, the read stops.
  const body = bodyOf(response);
  const context = contextOf(response);
  let settled = false;
  const iterator: AsyncIterator<Item> = {
    async next() {
      if (settled) return { value: undefined, done: true };
      settled = true;
      const limit = idleTimeout > 0 ? timeLimited(controller.signal, idleTimeout) : undefined;
      try {
        const error = await errorOf(limit?.signal ?? controller.signal, context);
        throw controller.signal.aborted ? abortErrorOf(controller.signal, context) : error;
      } finally {
        limit?.release();
      }
    },
    async return() {
      settled = true;
      controller.abort();
      // The controller need not be the fetch's (`Stream.fromSSEResponse(await fetch(url))`), so its abort may not
      // reach the body: a body no read has taken is cancelled here, as a stream's reader cancels its own.
      if (!body.locked) void body.cancel().catch(() => undefined);
      return { value: undefined, done: true };
    },
    // As a stream's own iterator (see `ChunkReader.throw`): leaves, then rejects with `error`.
    async throw(error?: unknown) {
      await iterator.return!();
      throw error;
    },
  };
  return abortWhenDropped(new streamClass(() => iterator, controller, response), body);
}

/**
 * A signal that aborts with `signal`, or once `ms` milliseconds have passed (the read then keeps what came);
 * `release` stops the timer and lets go of `signal`, which may serve many streams.
 */
function timeLimited(signal: AbortSignal, ms: number): { signal: AbortSignal; release: () => void } {
  const limited = new AbortController();
  // An `idleTimeout` of `Infinity` (allowed: no limit) would otherwise fire at once and cut the read short.
  const timer = setTimeout(() => limited.abort(), Math.min(ms, maxDelayMs));
  if (signal.aborted) limited.abort(signal.reason);
  const detach = signal.aborted ? () => undefined : onAbort(signal, () => limited.abort(signal.reason));
  const release = (): void => {
    clearTimeout(timer);
    detach();
  };
  return { signal: limited.signal, release };
}

/** An HTML page or a JSON document: content types that say a body is not an event stream. */
export function isDocumentContentType(contentType: string | null): boolean {
  return contentType !== null && (/^\s*text\/html\s*(;|$)/i.test(contentType) || isJSONContentType(contentType));
}

/** The error for an ok response that is a document, not events: what came, quoted. */
export async function notAStreamError(response: Response, signal: AbortSignal, context: ErrorRequestContext): Promise<GroqError> {
  const text = await readBoundedText(response, signal);
  // Not the client's advice (baseURL): whoever built this response chose the URL it came from.
  return unexpectedBodyError('an event stream (text/event-stream)', response, text, context, 'Check the URL the response came from and what answers there.');
}

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  if (response.bodyUsed || response.body?.locked === true) {
    throw new GroqError(`The response body has already been ${response.bodyUsed ? 'read' : 'taken by a reader'}; pass a fresh Response.`);
  }
  // A response without a body is read as an empty stream, which then fails as truncated.
  return response.body ?? new ReadableStream({ start: (controller) => controller.close() });
}

/** The request a response answers, as errors name it: its path and Groq's request id. */
export function contextOf(response: Response): ErrorRequestContext {
  const requestId = requestIdFrom(response.headers);
  let path: string | undefined;
  try {
    path = response.url ? new URL(response.url).pathname : undefined;
  } catch {
    path = undefined;
  }
  return { path, requestId };
}

/** A `Response`, also from another realm or a fetch polyfill: what the stream reads of one. */
export function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as Response).ok === 'boolean' && typeof (value as Response).headers?.get === 'function';
}
