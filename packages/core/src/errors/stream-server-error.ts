import { numberField, stringField } from './api-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { quotedWords } from './quoted-words.js';
import { StreamError } from './stream-error.js';
import { advisesRetry } from '../advises-retry.js';
import { redactSecretsDeep } from '../redact-secrets-deep.js';
import { waitInMessage } from '../wait-in-message.js';

/** Options of a {@link StreamServerError}. */
export interface StreamServerErrorOptions extends GroqErrorOptions {
  /** The error as the server sent it: the `error` object, the event's data, or `x_groq.error`. */
  error?: unknown;
  /** HTTP status the server gave the error, when its payload names one. */
  status?: number | undefined;
  /**
   * No chunk came before the error (it was the first event, or the whole body): the message says "before the
   * first chunk" rather than "mid-stream". Default `false`.
   */
  beforeFirstChunk?: boolean | undefined;
}

/**
 * The server reported an error in a stream, before its first chunk or in the middle of it: an `event: error`,
 * a data object with an `error` member, a chunk with `x_groq.error`, or a JSON error body labelled an event
 * stream. The chunks before it were delivered. A relay's error for a stream it passed on cut off (code
 * `stream_truncated`, whatever its type) is a `StreamTruncatedError` instead, not one of these.
 */
export class StreamServerError extends StreamError {
  static {
    brandErrorClass(this, 'StreamServerError');
  }

  /** The server's own message, with any credential it echoed replaced by `[redacted]`. */
  readonly serverMessage: string;
  /** The error as the server sent it. */
  readonly error: unknown;
  /** The server's error code, when it gave one (e.g. `rate_limit_exceeded`). */
  readonly code: string | undefined;
  /** The server's error type, when it gave one. */
  readonly type: string | undefined;
  /** The HTTP status named in the error payload, when there is one: a relay's `status`, or Groq's `status_code`. */
  readonly status: number | undefined;
  /**
   * Seconds to wait before retrying, when the payload gives them (a relay's `retryAfter`), as on a relayed
   * `StreamTruncatedError`; or else, for a rate limit (code `rate_limit_exceeded` or status 429), the wait its
   * message asks for, as Groq words it ("Please try again in 5.289s."): its event comes with no `retry-after`.
   */
  readonly retryAfter: number | undefined;

  /**
   * Reads `code` and `type` from `options.error` when they are strings, `retryAfter` when it is a number, and
   * `status` from `options.status` or else a numeric `status` (or Groq's `status_code`) in `options.error`. The message quotes the server's, says whether it came
   * mid-stream or (`options.beforeFirstChunk`) before the first chunk, and advises a retry (of an incomplete
   * answer, or of one that never came) unless `options.hint` is given.
   *
   * @param serverMessage - The server's own message.
   * @param options - The error as the server sent it, and the request the stream belongs to.
   */
  constructor(serverMessage: string, options: StreamServerErrorOptions = {}) {
    const { whole, quoted } = quotedWords(serverMessage);
    super(`The server reported an error ${options.beforeFirstChunk === true ? 'before the first chunk' : 'mid-stream'}: ${quoted}`, {
      ...options,
      // Before the first chunk there is no answer to call incomplete. Retry advice is given once: Groq's own
      // message (and a relay's) often says it already ("Please retry your request.", "Please try again.").
      hint: options.hint ?? `${options.beforeFirstChunk === true ? 'No answer came' : 'The answer is incomplete'}${advisesRetry(quoted) ? '.' : '; retry the request.'}`,
    });
    this.serverMessage = whole;
    this.error = redactSecretsDeep(options.error);
    this.code = stringField(this.error, 'code');
    this.type = stringField(this.error, 'type');
    // Groq's own error event names it `status_code` (`{"error":{…,"code":"tool_use_failed","status_code":400}}`), a relay's `status`.
    const { status, status_code: statusCode } = typeof options.error === 'object' && options.error !== null ? (options.error as { status?: unknown; status_code?: unknown }) : {};
    this.status = options.status ?? (typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined);
    const rateLimited = this.code === 'rate_limit_exceeded' || this.status === 429;
    this.retryAfter = numberField(this.error, 'retryAfter') ?? (rateLimited ? waitInMessage(whole) : undefined);
  }
}
