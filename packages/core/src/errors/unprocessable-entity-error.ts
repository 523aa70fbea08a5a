import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The request could not be processed (HTTP 422). */
export class UnprocessableEntityError extends APIError {
  static {
    brandErrorClass(this, 'UnprocessableEntityError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'The request was well-formed but its values cannot be processed: check them against the model.';

  declare readonly status: 422;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 422 and appends {@link UnprocessableEntityError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, UnprocessableEntityError.hint, 422));
  }
}
