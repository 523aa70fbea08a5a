import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';

/** The server failed (HTTP 500 and above). */
export class InternalServerError extends APIError {
  static {
    brandErrorClass(this, 'InternalServerError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = 'Groq had a server-side problem: retry later (the client retries it by default).';

  declare readonly status: number;

  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? InternalServerError.hint, status: options.status ?? 500 });
  }
}
