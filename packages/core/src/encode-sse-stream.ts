import { defaultHeartbeatMs } from './default-heartbeat-ms.js';
import { errorPayloadGuard } from './error-payload-guard.js';
import { pullOnDemand } from './pull-on-demand.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import type { SafeErrorPayload } from './safe-error-payload.js';
import { relayFrames } from './relay-frames.js';
import { type SSEStreamState, startSSEStreamTimers } from './start-sse-stream-timers.js';
import type { SSEDataFrame } from './stream.js';
import type { StreamBytes } from './stream-bytes.js';

/**
 * The options of `Stream.toSSEReadableStream()` (see {@link SSEReadableStreamOptions}) that the relays' own
 * encoders (`createSSEResponse`, `pipeStreamToServerResponse`) share.
 */
export interface SSEStreamOptions {
  /**
   * Interval of `: ping` heartbeat comments; 0 turns them off. The first goes out at the first read, so that
   * the response's headers reach the browser before the first token; then one every `heartbeatMs` (a fixed
   * clock, not a gap since the last chunk: pings also come between chunks), skipped when the reader is behind
   * or not waiting for bytes as the timer fires. Default 15 000.
   */
  heartbeatMs?: number | undefined;
  /**
   * Maps an upstream error to what the browser sees. Default: {@link toSafeErrorPayload}, with the stream's
   * request id when the error has none. Return `undefined` to leave an error to the default (a mapping for
   * only the errors the app words itself). The default is also used, and the mistake logged with
   * `console.error`, redacted, when the mapping throws, returns what JSON cannot hold (a BigInt, a cycle), or
   * returns what JSON does not write as an object (`null`, a string, a number, a boolean, an array).
   *
   * For a cut-off stream (`StreamTruncatedError`), a payload without a `code` gets `code: "stream_truncated"`,
   * whatever its `type`: `Stream.fromSSEResponse()` reads it back as a `StreamTruncatedError` by that code alone,
   * with the payload's `message` quoted in its message and kept as its `serverMessage`, and the payload as its
   * `error` (your `type` too), as a `StreamServerError` has it; passed on again, it keeps that `type` and those words.
   * Set a code of your own to read it back as a `StreamServerError` instead.
   *
   * `sent.chunks` is how many chunks (`data:` frames) went out before the error: 0 when it came before the
   * first, for a log line that says how far the answer got. The relays and `toSSEReadableStream()` always
   * give it; it is optional so that a mapping stays callable with the error alone.
   */
  errorPayload?: ((error: unknown, sent?: { chunks: number }) => SafeErrorPayload | undefined) | undefined;
  /**
   * Longest time, in milliseconds, the reader may go without asking for more bytes once it has started
   * reading; after that the stream fails (a runtime serving it then closes the connection) and the upstream
   * request is aborted. For relays, so that a browser that stops reading but keeps its connection open
   * cannot hold a Groq stream open for ever. Default 0: off (the relays default to 30 000).
   */
  stallTimeoutMs?: number | undefined;
}

/** Options of `Stream.toSSEReadableStream()`: the {@link SSEStreamOptions}, `onCancel` and `onStall`. */
export interface SSEReadableStreamOptions extends SSEStreamOptions {
  /**
   * Called once when the stream is cancelled before its end (`ReadableStream`'s `cancel()`, which a runtime
   * calls on a response's body when the browser goes away), with how many chunks (`data:` frames) went out,
   * just before the upstream request is aborted. Not called for a stream that ended (`[DONE]` or an error event,
   * even when cancelled while they are still queued) or failed (`stallTimeoutMs`: see `onStall`). For a relay's
   * log line, since the bytes stop with no error to say so. An error it throws rejects the `cancel()` promise;
   * the upstream request is aborted all the same.
   */
  onCancel?: ((sent: { chunks: number }) => void) | undefined;
  /**
   * Called once when the stream fails because its reader took no bytes for `stallTimeoutMs` (a browser that
   * stopped reading but kept its connection open), with how many chunks (`data:` frames) went out, just before
   * the upstream request is aborted: `onCancel`'s counterpart for the stall, which calls no `onCancel`. For a
   * relay's log line, since a runtime serving the stream closes the connection with nothing else to say why.
   * Not called for a stream that ended, was cancelled, or was garbage before its clock ran out. It runs from a
   * timer, with no caller to reject: an error it throws is logged with `console.error`, redacted, and the
   * upstream request is aborted all the same.
   */
  onStall?: ((sent: { chunks: number }) => void) | undefined;
}

const encoder = new TextEncoder();

// Outside `encodeSSEStream`, so that the fallback's closure cannot hold what the stream's closures share.
const weakly = <T extends object>(value: T): { deref: () => T | undefined } => (typeof WeakRef === 'undefined' ? { deref: () => value } : new WeakRef(value));

/**
 * Encodes chunks, by their frames, as SSE bytes; see `Stream.toSSEReadableStream()`. `aborted` is the
 * source's signal: once it fires, no more heartbeats, even if nobody reads the stream to its end.
 * `requestId` is the source's upstream request id, which the default error event carries when the error
 * does not (an iterator of the app's own that throws its abort's reason).
 */
export function encodeSSEStream<T>(
  iterator: AsyncIterator<SSEDataFrame<T>>,
  options: SSEReadableStreamOptions = {},
  aborted?: AbortSignal,
  requestId?: string,
): ReadableStream<StreamBytes> {
  return new ReadableStream<StreamBytes>(sseStreamSource(iterator, options, aborted, requestId), pullOnDemand);
}

/**
 * What {@link encodeSSEStream} builds its stream on, for a stream made before this module had loaded (see
 * `lazyReadableStream`), which hands its reads and its cancel to it.
 */
export function sseStreamSource<T>(
  iterator: AsyncIterator<SSEDataFrame<T>>,
  options: SSEReadableStreamOptions = {},
  aborted?: AbortSignal,
  requestId?: string,
): UnderlyingDefaultSource<StreamBytes> {
  const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
  const stallTimeoutMs = options.stallTimeoutMs ?? 0;
  const errorPayload = errorPayloadGuard(options.errorPayload, requestId);
  const { onCancel, onStall } = options;
  const state: SSEStreamState = { waiting: false, delivered: 0, finished: false };
  let started = false;
  // Data frames enqueued, for `errorPayload`.
  let chunks = 0;
  // Until the first read there are no timers to stop.
  let finish = (): void => void (state.finished = true);
  // For the stall clock, which holds it weakly, as it holds the controller: the stream's own closures keep it
  // (it is theirs to call, through the timers), so it lives as long as the stream does and no longer.
  const stalled = (): void => {
    try {
      onStall?.({ chunks });
    } catch (bug) {
      console.error('[groq-stream] the onStall option threw; the stream was stopped and its upstream request aborted all the same.', redactSecretsDeep(bug));
    }
  };

  // Nothing happens before the first read (no pull ahead, no timer, no listener): a stream that is dropped
  // unread holds nothing that keeps its request alive, so the request is aborted when it is collected.
  return {
    async pull(controller) {
      if (!started) {
        started = true;
        // The timers hold the controller and the iterator weakly: a stream dropped part-way must not be
        // kept, with its upstream request, by its own pings and stall clock.
        const timers = startSSEStreamTimers(weakly(controller), weakly(iterator), state, { heartbeatMs, stallTimeoutMs }, aborted, onStall === undefined ? undefined : weakly(stalled));
        finish = timers.finish;
        // The first heartbeat at once: runtimes that send the response headers with the first bytes of the
        // body (Next.js, undici's server side) would otherwise hold them until the first token, and the
        // browser's fetch could not tell a slow model from a dead server, nor be stopped as a stream.
        if (timers.heartbeats) controller.enqueue(encoder.encode(relayFrames.heartbeat));
      }
      state.waiting = true;
      try {
        const result = await iterator.next();
        if (state.finished) return;
        if (result.done) {
          finish();
          controller.enqueue(encoder.encode(relayFrames.done));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(result.value.frame));
        chunks += 1;
      } catch (error) {
        if (state.finished) return;
        finish();
        // Even an abort: a reader that left has cancelled (`finished`), so one still here was not the cause
        // (the app or the server stopped the answer) and must learn that the answer is cut, not complete.
        controller.enqueue(encoder.encode(relayFrames.error(errorPayload(error, { chunks }))));
        controller.close();
      } finally {
        state.waiting = false;
        if (stallTimeoutMs > 0) state.delivered = performance.now();
      }
    },
    async cancel() {
      // `finished` already: the end is queued ([DONE] or the error event), and nobody left mid-answer.
      const leftEarly = !state.finished;
      finish();
      try {
        if (leftEarly) onCancel?.({ chunks });
      } finally {
        await iterator.return?.();
      }
    },
  };
}
