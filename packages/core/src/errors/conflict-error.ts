import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';

/** The request conflicts with the current state of a resource (HTTP 409). */
export class ConflictError extends APIError {
  static {
    brandErrorClass(this, 'ConflictError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'The request conflicted with another one; retrying usually succeeds.';

  declare readonly status: 409;

  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? ConflictError.hint, status: 409 });
  }
}
