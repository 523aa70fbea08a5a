import { APIError, type APIErrorOptions } from './api-error.js';
import { brandErrorClass } from './groq-error.js';
import { answeredErrorOptions } from './answered-error-options.js';

/** What to do about a server failure: the class's advice, and the client's when it says how often it tried. */
export const serverFaultAdvice = 'Groq had a server-side problem: retry later';

/** The server failed (HTTP 500 and above). */
export class InternalServerError extends APIError {
  static {
    brandErrorClass(this, 'InternalServerError');
  }

  /** The advice appended to this error's message. */
  static readonly hint = `${serverFaultAdvice} (the client retries it by default).`;

  declare readonly status: number;
  /** The response headers: always there, since the server answered. */
  declare readonly headers: Headers;

  /**
   * Keeps `options.status` (500 when not given) and appends {@link InternalServerError.hint} to the message
   * unless `options.hint` is given.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`status`, `headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, answeredErrorOptions(options, InternalServerError.hint, options.status ?? 500));
  }
}
