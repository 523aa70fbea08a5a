import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** The API key may not perform this request (HTTP 403). */
export class PermissionDeniedError extends APIError {
  static {
    brandErrorClass(this, 'PermissionDeniedError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'The key is valid but not allowed to do this: check the organization, project and model permissions.';

  declare readonly status: 403;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Sets `status` to 403 and appends {@link PermissionDeniedError.hint} to the message unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, PermissionDeniedError.hint, 403));
  }
}
