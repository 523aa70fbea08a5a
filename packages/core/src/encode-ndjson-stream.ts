import { guardErrorPayload } from './guard-error-payload.js';
import { chunkJSON, chunkJSONOf } from './sse-frames.js';
import { SplitKeyGuard } from './split-key-guard.js';
import type { StreamBytes } from './stream-bytes.js';

const encoder = new TextEncoder();

/**
 * Encodes items as newline-delimited JSON bytes; see `Stream.toReadableStream()`. `requestId` is the source's
 * upstream request id, which the error line carries when the error does not, as in the SSE encoder.
 */
export function encodeNDJSONStream<T>(iterator: AsyncIterator<T>, requestId?: string): ReadableStream<StreamBytes> {
  const errorPayload = guardErrorPayload(undefined, requestId);
  // As in the SSE frames: a key that an echo spreads over chunks is held back until it is whole.
  const guard = new SplitKeyGuard();
  let cancelled = false;
  return new ReadableStream<StreamBytes>({
    async pull(controller) {
      try {
        const result = await iterator.next();
        if (cancelled) return;
        if (result.done) {
          const rest = guard.end();
          if (rest !== undefined) controller.enqueue(encoder.encode(`${chunkJSON(rest)}\n`));
          controller.close();
          return;
        }
        // As in the SSE encoder: the chunk goes without `x_groq.error`, and the safe error line follows it.
        controller.enqueue(encoder.encode(`${chunkJSONOf(guard.passResult(result))}\n`));
      } catch (error) {
        if (cancelled) return;
        // An abort too, as in the SSE encoder: a reader still here did not cause it, and must learn that the
        // answer was cut. A bare end reads as a whole answer where nothing checks for a finish_reason (groq-sdk's
        // `fromReadableStream()`), and as a connection a proxy cut where something does.
        controller.enqueue(encoder.encode(`${JSON.stringify({ error: errorPayload(error) })}\n`));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      await iterator.return?.();
    },
  },
  // Read only when the bytes are asked for: a stream dropped unread has started nothing.
  { highWaterMark: 0 },
  );
}
