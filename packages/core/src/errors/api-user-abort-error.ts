import { brandErrorClass, GroqError, type GroqErrorOptions } from './groq-error.js';

/** The caller aborted the request or the stream (an `AbortSignal`, or `stream.controller.abort()`). */
export class APIUserAbortError extends GroqError {
  static {
    brandErrorClass(this, 'APIUserAbortError');
  }

  /**
   * Unlike the other errors, it appends no advice: the caller asked for the abort.
   *
   * @param message - What happened.
   * @param options - The request it belongs to, and the abort reason as `cause`.
   */
  constructor(message = 'Request was aborted.', options: GroqErrorOptions = {}) {
    super(message, options);
  }
}
