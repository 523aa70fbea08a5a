import { bodyReadError, isFetchAbort } from './body-read-error.js';
import { leavingAtOnce } from './leaving-at-once.js';
import { SSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from './sse-decoder.js';

/**
 * Reads the server-sent events of any byte stream, following the WHATWG parsing rules, for callers that
 * want raw events rather than chat chunks. Leaving the loop cancels the body, and so do `return()` and
 * `throw()` while a `next()` still waits for the body (see `leavingAtOnce`). A body that fails throws a
 * `GroqError`, as every error of this SDK is: `StreamTruncatedError` when it broke off (after the last event
 * whose lines all came, as at a clean end), `APIUserAbortError` when its fetch was aborted.
 */
export function parseSSEStream(body: ReadableStream<Uint8Array>, options: SSEDecoderOptions = {}): AsyncGenerator<ServerSentEvent, void, undefined> {
  // The body's reader, once the generator has taken it (on its first `next()`).
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return leavingAtOnce(
    (hasLeft) => readEvents(body, options, (taken) => (reader = taken), hasLeft),
    // A cancel rejects only for a body that failed already, whose read has then failed the waiting next().
    () => reader?.cancel().catch(() => undefined),
  );
}

async function* readEvents(
  body: ReadableStream<Uint8Array>,
  options: SSEDecoderOptions,
  took: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
  hasLeft: () => boolean,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const events: ServerSentEvent[] = [];
  const decoder = new SSEDecoder((event) => events.push(event), options);
  const reader = body.getReader();
  took(reader);
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
      // The caller left while this read waited (its cancel ended it): nothing more is theirs.
      if (hasLeft()) return;
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
