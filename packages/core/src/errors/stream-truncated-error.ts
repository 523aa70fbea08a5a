import { numberField, stringField } from './api-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { quotedWords } from './quoted-words.js';
import { StreamError } from './stream-error.js';
import { advisesRetry } from '../advises-retry.js';
import { redactSecretsDeep } from '../redact-secrets-deep.js';

/** Options of a {@link StreamTruncatedError}. */
export interface StreamTruncatedErrorOptions extends GroqErrorOptions {
  /**
   * For a relay's error that said the stream it passed on was cut off (`code: "stream_truncated"`): the error
   * as the relay sent it, the `error` of its `event: error` or NDJSON line (`toSafeErrorPayload()`'s, or an
   * app's `errorPayload`'s). The message then quotes its `message`, and the error keeps it as `serverMessage`,
   * with its `type`, `code`, `status` and `retryAfter`. Leave it out for a stream read directly that was cut off.
   */
  error?: unknown;
}

/**
 * The stream ended with neither `data: [DONE]` nor a `finish_reason` on every choice: the connection was
 * cut, a proxy closed it, or the server died. Also a relay's error (its `event: error`, or the NDJSON line of
 * `toReadableStream()`) that says, with `code: "stream_truncated"` (whatever its `type`: an app's `errorPayload`
 * may set its own), that the stream it passed on was cut off: its message then quotes the relay's, and the
 * error keeps the relay's payload (`error`, `serverMessage`, `type`, `code`, `status`), as a `StreamServerError` does.
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
   * The relay's error payload, for a relayed cut-off (`options.error`), with any credential in it replaced by
   * `[redacted]`; `undefined` for a stream read directly that was cut off.
   */
  readonly error: unknown;
  /** The relay's error code, for a relayed cut-off (`stream_truncated`, or an app's own); `undefined` for a direct one. */
  readonly code: string | undefined;
  /**
   * The relay's error type, for a relayed cut-off: `upstream_error` in the default payload, or the type an app's
   * `errorPayload` gave it; `undefined` for a direct one.
   */
  readonly type: string | undefined;
  /** The HTTP status named in the relay's payload, when it names one (the default payload's is 502). */
  readonly status: number | undefined;
  /** Seconds to wait before retrying, when the relay's payload says so (its `retryAfter`). */
  readonly retryAfter: number | undefined;

  /**
   * For a relayed cut-off (`options.error`), quotes the payload's `message` after `message`, and reads the
   * payload's `type`, `code`, `status` and `retryAfter`. Appends advice unless `options.hint` is given: for a
   * stream read directly, to retry and check proxies that may cut long responses; for a relayed cut-off, to
   * retry (unless the relay's words say so already) and look in the relay's logs, since a page cannot mend the
   * relay's own connection.
   *
   * @param message - What happened; by default, that the stream (or, with `options.error`, the stream the relay
   * passed on) ended before it was complete.
   * @param options - The request the stream belongs to, and the relay's error payload for a relayed cut-off.
   */
  constructor(message?: string, options: StreamTruncatedErrorOptions = {}) {
    const relayed = options.error !== undefined;
    const said = stringField(options.error, 'message');
    // Only white space reads as no words, as in a StreamServerError.
    const words = said === undefined || said.trim() === '' ? undefined : quotedWords(said);
    const what = message ?? `The stream${relayed ? ' this one was passed on from' : ''} ended before it was complete (no [DONE] and no finish_reason).`;
    // The relay's words follow what happened after a colon, as a StreamServerError's do; without any, the message is left as it is.
    super(words === undefined ? what : `${what.trimEnd().replace(/\.$/, '')}: ${words.quoted}`, { ...options, hint: options.hint ?? adviceFor(relayed, words?.quoted) });
    this.serverMessage = words?.whole;
    this.error = redactSecretsDeep(options.error);
    this.code = stringField(this.error, 'code');
    this.type = stringField(this.error, 'type');
    this.status = numberField(this.error, 'status');
    this.retryAfter = numberField(this.error, 'retryAfter');
  }
}

/**
 * A stream read directly was likely cut between the reader and the server, where a proxy may be to blame. A
 * relayed one was cut on the relay's side, which a page cannot mend: it can retry, and the relay's logs say why.
 * A relay's words often say to retry already ("Please try again."): the advice does not say it twice.
 */
function adviceFor(relayed: boolean, quoted: string | undefined): string {
  if (!relayed) return 'The answer is incomplete; retry the request, and check proxies that may cut long responses.';
  return `The answer is incomplete; ${quoted !== undefined && advisesRetry(quoted) ? '' : 'retry the request, and '}see the relay's logs for why its upstream was cut off.`;
}
