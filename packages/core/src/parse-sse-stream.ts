import { bodyReadError, isFetchAbort } from './body-read-error.js';
import { SSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from './sse-decoder.js';

/**
 * Reads the server-sent events of any byte stream, following the WHATWG parsing rules, for callers that
 * want raw events rather than chat chunks. Leaving the loop cancels the body. A body that fails throws a
 * `GroqError`, as every error of this SDK is: `StreamTruncatedError` when it broke off (after the last event
 * whose lines all came, as at a clean end), `APIUserAbortError` when its fetch was aborted.
 */
export async function* parseSSEStream(
  body: ReadableStream<Uint8Array>,
  options: SSEDecoderOptions = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const events: ServerSentEvent[] = [];
  const decoder = new SSEDecoder((event) => events.push(event), options);
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      let broken: { error: unknown } | undefined;
      const { value, done } = await reader.read().catch((error: unknown) => {
        // A body whose fetch was aborted ends there; one that broke off ends as at a clean end of the same
        // bytes (a last event whose lines all came is delivered, as `Stream` does), then throws.
        if (isFetchAbort(error)) throw bodyReadError(error, true, options.context ?? {});
        broken = { error: bodyReadError(error, false, options.context ?? {}) };
        return { value: undefined, done: true as const };
      });
      // Events that ended before an oversized one in the same piece come first, as with any other split.
      let failure: { error: unknown } | undefined;
      try {
        if (done) {
          finished = broken === undefined;
          decoder.end();
        } else {
          decoder.push(value);
        }
      } catch (error) {
        failure = { error };
      }
      failure ??= broken;
      // Yielding while the array is being filled is safe: the decoder only adds during push/end above.
      for (const event of events.splice(0)) yield event;
      if (failure !== undefined) throw failure.error;
      if (finished) return;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
