import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { toSafeErrorPayload } from './safe-error-payload.js';

const encoder = new TextEncoder();

/** Encodes items as newline-delimited JSON bytes; see `Stream.toReadableStream()`. */
export function encodeNDJSONStream<T>(iterator: AsyncIterator<T>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = await iterator.next();
        if (result.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`${JSON.stringify(result.value)}\n`));
      } catch (error) {
        if (!APIUserAbortError.isInstance(error)) {
          controller.enqueue(encoder.encode(`${JSON.stringify({ error: toSafeErrorPayload(error) })}\n`));
        }
        controller.close();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
