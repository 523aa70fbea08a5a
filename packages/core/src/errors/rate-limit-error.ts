import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';

/** A rate limit was reached (HTTP 429); the headers say which and for how long. */
export class RateLimitError extends APIError {
  static {
    brandErrorClass(this, 'RateLimitError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Wait for the delay the server asks for (retry-after), lower the request rate or token usage, or raise your limits.';

  declare readonly status: 429;

  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? RateLimitError.hint, status: 429 });
  }
}
