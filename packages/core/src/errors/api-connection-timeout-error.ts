import { APIConnectionError } from './api-connection-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { messageAndOptions, type SdkErrorInit } from './sdk-error-init.js';

/** What to do when the headers were too slow: the class's advice, and the client's when it says how often it tried. */
export const timeoutAdvice = 'Raise the `timeout` option, or retry.';

/** The response headers did not arrive within `timeout` milliseconds. */
export class APIConnectionTimeoutError extends APIConnectionError {
  static {
    brandErrorClass(this, 'APIConnectionTimeoutError');
  }

  /**
   * Appends advice (raise `timeout`, or retry) to the message unless `options.hint` is given.
   *
   * @param message - What happened, or groq-sdk's `{ message }`.
   * @param options - The request it belongs to.
   */
  constructor(message?: string | SdkErrorInit, options: GroqErrorOptions = {}) {
    const [text, given] = messageAndOptions(message, 'Request timed out waiting for the response headers.', options);
    super(text, { ...given, hint: given.hint ?? timeoutAdvice });
  }
}
