import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The model or path does not exist (HTTP 404). */
export class NotFoundError extends APIError {
  static {
    brandErrorClass(this, 'NotFoundError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Check the model name (GET /openai/v1/models lists them) and the base URL.';

  declare readonly status: 404;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 404 and appends {@link NotFoundError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, NotFoundError.hint, 404));
  }
}
