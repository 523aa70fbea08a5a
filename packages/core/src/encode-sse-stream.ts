import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';
import { defaultHeartbeatMs, sseFrames } from './sse-frames.js';
import type { SSEDataFrame } from './stream.js';

/** Options of `Stream.toSSEReadableStream()`. */
export interface SSEStreamOptions {
  /** Interval of `: ping` heartbeat comments, from the first read (before the first chunk); 0 turns them off. Default 15 000. */
  heartbeatMs?: number | undefined;
  /** Maps an upstream error to what the browser sees. Default: {@link toSafeErrorPayload}. */
  errorPayload?: ((error: unknown) => SafeErrorPayload) | undefined;
}

const encoder = new TextEncoder();

/**
 * Encodes chunks, by their frames, as SSE bytes; see `Stream.toSSEReadableStream()`. `aborted` is the
 * source's signal: once it fires, no more heartbeats, even if nobody reads the stream to its end.
 */
export function encodeSSEStream<T>(iterator: AsyncIterator<SSEDataFrame<T>>, options: SSEStreamOptions = {}, aborted?: AbortSignal): ReadableStream<Uint8Array> {
  const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
  const errorPayload = options.errorPayload ?? toSafeErrorPayload;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let started = false;
  // A reader is waiting for bytes (a pull is in progress): a ping goes straight to it.
  let waiting = false;
  const stopHeartbeat = (): void => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
    aborted?.removeEventListener('abort', stopHeartbeat);
  };
  const startHeartbeat = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
    if (heartbeatMs <= 0 || aborted?.aborted) return;
    heartbeat = setInterval(() => {
      // A reader that is behind has bytes waiting already: a ping would only pile up.
      if (waiting && (controller.desiredSize ?? 0) >= 0) controller.enqueue(encoder.encode(sseFrames.heartbeat));
    }, heartbeatMs);
    // In Node, a stream nobody reads must not keep the process alive for its pings.
    (heartbeat as { unref?: () => void }).unref?.();
    aborted?.addEventListener('abort', stopHeartbeat, { once: true });
  };

  // Nothing happens before the first read (no pull ahead, no timer, no listener): a stream that is dropped
  // unread holds nothing that keeps its request alive, so the request is aborted when it is collected.
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          startHeartbeat(controller);
        }
        waiting = true;
        try {
          const result = await iterator.next();
          if (result.done) {
            stopHeartbeat();
            controller.enqueue(encoder.encode(sseFrames.done));
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(result.value.frame));
        } catch (error) {
          stopHeartbeat();
          // An abort comes from our own side (the reader left); there is nobody to tell.
          if (!APIUserAbortError.isInstance(error)) controller.enqueue(encoder.encode(sseFrames.error(errorPayload(error))));
          controller.close();
        } finally {
          waiting = false;
        }
      },
      async cancel() {
        stopHeartbeat();
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
