import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The request conflicts with the current state of a resource (HTTP 409). */
export class ConflictError extends APIError {
  static {
    brandErrorClass(this, 'ConflictError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'The request conflicted with another one; retrying usually succeeds.';

  declare readonly status: 409;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 409 and appends {@link ConflictError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, ConflictError.hint, 409));
  }
}
