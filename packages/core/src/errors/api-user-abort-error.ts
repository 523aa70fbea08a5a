import { APIError } from './api-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { messageAndOptions, type SdkErrorInit } from './sdk-error-init.js';

/**
 * The caller aborted the request or the stream (an `AbortSignal`, or `stream.controller.abort()`). An
 * {@link APIError} without a status, as in groq-sdk.
 */
export class APIUserAbortError extends APIError {
  static {
    brandErrorClass(this, 'APIUserAbortError');
  }

  /** No status: no response came, as in groq-sdk. */
  declare readonly status: undefined;

  /**
   * Unlike the other errors, it appends no advice: the caller asked for the abort.
   *
   * @param message - What happened, or groq-sdk's `{ message }`.
   * @param options - The request it belongs to, and the abort reason as `cause`.
   */
  constructor(message?: string | SdkErrorInit, options: GroqErrorOptions = {}) {
    super(...messageAndOptions(message, 'Request was aborted.', options));
  }
}
