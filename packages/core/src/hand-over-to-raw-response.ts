import { abortOf, markRead, unread } from './abort-when-dropped.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { onAbort } from './on-abort.js';
import { withBody } from './read-response-body.js';
import type { Stream } from './stream.js';

/**
 * The caller took the raw response instead of the stream (`.asResponse()`): the stream will never be read,
 * and dropping it must not abort the request whose body the caller is reading.
 */
export function handOverToRawResponse(stream: Stream<unknown>, response: Response): Response {
  // `asResponse()` again gives the same response, as in groq-sdk.
  const given = handedOver.get(stream);
  if (given !== undefined) return given;
  // Read by the stream already: the response has no body left to give.
  if (stream['consumed']) {
    throw new StreamConsumedError({
      requestId: stream.requestId,
      hint: 'asResponse() gives the raw response instead of the stream, so call it before reading the stream, or read the stream only.',
    });
  }
  stream['consumed'] = true;
  markRead(stream);
  const onStop = stopHooks.get(stream);
  const { signal } = stream.controller;
  // Aborted already (the caller's signal, after create() resolved): the body was cancelled, or errored by the
  // fetch. The caller's read fails with the abort's reason, as fetch's own body fails, not as an empty answer.
  if (signal.aborted && response.body !== null) {
    onStop?.();
    if (!response.body.locked) void response.body.cancel(signal.reason).catch(ignore);
    const reason: unknown = signal.reason;
    const handed = withBody(response, new ReadableStream<Uint8Array>({ start: (controller) => controller.error(reason) }));
    handedOver.set(stream, handed);
    return handed;
  }
  if (onStop === undefined || response.body === null || response.bodyUsed) {
    // No body (a 204, a bodiless 200 from a custom fetch): the request is over, and nothing else would ever
    // let go of the caller's signal, which one Stop button may share across many requests.
    if (response.body === null) onStop?.();
    handedOver.set(stream, response);
    return response;
  }
  // What the stream's reader would have done when it stopped (let go of the caller's signal), done when
  // the caller's reading of the body ends, fails or is cancelled. A body dropped unread is aborted once it
  // is garbage, as fetch does with its own bodies (but not with one that `reader` holds).
  const reader = response.body.getReader();
  // The request's abort (the caller's signal) cancels the body here: a fetch that ignores its signal would
  // leave it open, the caller's read waiting for as long as the upstream lasts.
  const abort: AbortState = { aborted: false, reason: undefined };
  const stopListening = onAbort(signal, cancelOnAbort(reader, signal, abort));
  const stop = (): void => {
    stopListening();
    unread?.unregister(reader);
    onStop();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            stop();
            // The end of a body the abort cancelled: not the whole answer.
            if (abort.aborted) controller.error(abort.reason);
            else controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          stop();
          controller.error(error);
        }
      },
      cancel(reason) {
        stop();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  unread?.register(body, abortOf(stream.controller), reader);
  const handed = withBody(response, body);
  handedOver.set(stream, handed);
  return handed;
}

/** Whether, and why, the request of a handed-over body aborted. */
interface AbortState {
  aborted: boolean;
  reason: unknown;
}

// Made outside `handOverToRawResponse`, so that the listener, which the caller's signal keeps through the
// request's controller, holds the reader and not the body handed over: that body, dropped unread, must still
// be garbage (which aborts the request).
const cancelOnAbort = (reader: ReadableStreamDefaultReader<Uint8Array>, signal: AbortSignal, state: AbortState) => (): void => {
  state.aborted = true;
  state.reason = signal.reason;
  void reader.cancel(signal.reason).catch(ignore);
};

function ignore(): void {}

// The response each stream handed over to `asResponse()`; such a stream is consumed: its body is the caller's.
export const handedOver = new WeakMap<Stream<unknown>, Response>();

// The hook each stream from `streamFromSSEResponse` calls when it stops, for `handOverToRawResponse`.
export const stopHooks = new WeakMap<Stream<unknown>, () => void>();
