import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { StreamError } from './stream-error.js';
import { redactSecrets } from '../redact-secrets.js';

/** Options of a {@link StreamTruncatedError}. */
export interface StreamTruncatedErrorOptions extends GroqErrorOptions {
  /**
   * For a relay's error that said the stream was cut off: the `message` of its payload (the relay's words for
   * the browser, `errorPayload`'s when the app gave its own). Kept as the error's `serverMessage`.
   */
  serverMessage?: string | undefined;
}

/**
 * The stream ended with neither `data: [DONE]` nor a `finish_reason` on every choice: the connection was
 * cut, a proxy closed it, or the server died. Also a relay's error (its `event: error`, or the NDJSON line of
 * `toReadableStream()`) that says, with `code: "stream_truncated"` (whatever its `type`: an app's `errorPayload`
 * may set its own), that the stream it passed on was cut off: its message then quotes the relay's, which
 * `serverMessage` holds, as a `StreamServerError` does.
 * The chunks before it were delivered, but the answer is incomplete. Not a `StreamServerError`, though
 * it came in an error event: both are a {@link StreamError}.
 */
export class StreamTruncatedError extends StreamError {
  static {
    brandErrorClass(this, 'StreamTruncatedError');
  }

  /**
   * The relay's own message, for a relayed cut-off (the payload's `message`: the words an app's `errorPayload`
   * wrote for the browser, or the default "The answer was interrupted. Please try again."), with any credential
   * it echoed replaced by `[redacted]`; `undefined` for a stream read directly that was cut off, or a relay's
   * error without a message.
   */
  readonly serverMessage: string | undefined;

  /**
   * Appends advice (retry, check proxies that cut long responses) to the message unless `options.hint` is
   * given.
   *
   * @param message - What happened.
   * @param options - The request the stream belongs to, and the relay's message for a relayed cut-off.
   */
  constructor(message = 'The stream ended before it was complete (no [DONE] and no finish_reason).', options: StreamTruncatedErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? 'The answer is incomplete; retry the request, and check proxies that may cut long responses.' });
    this.serverMessage = options.serverMessage === undefined ? undefined : redactSecrets(options.serverMessage);
  }
}
