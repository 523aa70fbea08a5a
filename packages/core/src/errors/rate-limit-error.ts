import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** A rate limit was reached (HTTP 429); the headers say which and for how long. */
export class RateLimitError extends APIError {
  static {
    brandErrorClass(this, 'RateLimitError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Wait for the delay the server asks for (retry-after), lower the request rate or token usage, or raise your limits.';

  declare readonly status: 429;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 429 and appends {@link RateLimitError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, RateLimitError.hint, 429));
  }
}
