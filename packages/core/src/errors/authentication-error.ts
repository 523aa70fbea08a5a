import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The API key is missing, wrong or revoked (HTTP 401). */
export class AuthenticationError extends APIError {
  static {
    brandErrorClass(this, 'AuthenticationError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Check the API key: set GROQ_API_KEY or pass apiKey, and make sure the key is active.';

  declare readonly status: 401;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 401 and appends {@link AuthenticationError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, AuthenticationError.hint, 401));
  }
}
