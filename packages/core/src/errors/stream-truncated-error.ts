import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { StreamError } from './stream-error.js';

/**
 * The stream ended with neither `data: [DONE]` nor a `finish_reason` on every choice: the connection was
 * cut, a proxy closed it, or the server died. Also a relay's error (its `event: error`, or the NDJSON line of
 * `toReadableStream()`) that says, with `code: "stream_truncated"` (whatever its `type`: an app's `errorPayload`
 * may set its own), that the stream it passed on was cut off.
 * The chunks before it were delivered, but the answer is incomplete. Not a `StreamServerError`, though
 * it came in an error event: both are a {@link StreamError}.
 */
export class StreamTruncatedError extends StreamError {
  static {
    brandErrorClass(this, 'StreamTruncatedError');
  }

  /**
   * Appends advice (retry, check proxies that cut long responses) to the message unless `options.hint` is
   * given.
   *
   * @param message - What happened.
   * @param options - The request the stream belongs to.
   */
  constructor(message = 'The stream ended before it was complete (no [DONE] and no finish_reason).', options: GroqErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? 'The answer is incomplete; retry the request, and check proxies that may cut long responses.' });
  }
}
