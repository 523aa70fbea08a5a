import { brandErrorClass, GroqError, type GroqErrorOptions } from './groq-error.js';

/** The caller aborted the request or the stream (an `AbortSignal`, or `stream.controller.abort()`). */
export class APIUserAbortError extends GroqError {
  static {
    brandErrorClass(this, 'APIUserAbortError');
  }

  constructor(message = 'Request was aborted.', options: GroqErrorOptions = {}) {
    super(message, options);
  }
}
