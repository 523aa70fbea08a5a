import { APIConnectionError } from './api-connection-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';

/** The response headers did not arrive within `timeout` milliseconds. */
export class APIConnectionTimeoutError extends APIConnectionError {
  static {
    brandErrorClass(this, 'APIConnectionTimeoutError');
  }

  /**
   * Appends advice (raise `timeout`, or retry) to the message unless `options.hint` is given.
   *
   * @param message - What happened.
   * @param options - The request it belongs to.
   */
  constructor(message = 'Request timed out waiting for the response headers.', options: GroqErrorOptions = {}) {
    super(message, { ...options, hint: options.hint ?? 'Raise the `timeout` option, or retry.' });
  }
}
