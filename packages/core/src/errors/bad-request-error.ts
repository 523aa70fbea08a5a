import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The server rejected the request as malformed (HTTP 400). */
export class BadRequestError extends APIError {
  static {
    brandErrorClass(this, 'BadRequestError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Check the request parameters named in the message.';

  declare readonly status: 400;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 400 and appends {@link BadRequestError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, BadRequestError.hint, 400));
  }
}
