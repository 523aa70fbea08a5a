import { APIError } from './api-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { messageAndOptions, type SdkErrorInit } from './sdk-error-init.js';

/** What to check when no response came: the class's advice, and the client's when it says how often it tried. */
export const connectionAdvice = 'Check the network, proxy settings (HTTPS_PROXY) and baseURL';

/**
 * The request never got an answer: DNS, TCP, TLS or proxy failure, or the connection broke before the
 * response headers arrived. `cause` holds the runtime's own error. An {@link APIError} without a status,
 * as in groq-sdk, so that `catch (error) { if (error instanceof APIError) … }` handles it too.
 */
export class APIConnectionError extends APIError {
  static {
    brandErrorClass(this, 'APIConnectionError');
  }

  /** No status: no response came, as in groq-sdk. */
  declare readonly status: undefined;

  /**
   * Appends advice (check the network, proxy settings and `baseURL`) to the message unless `options.hint`
   * is given.
   *
   * @param message - What happened, or groq-sdk's `{ message, cause }`.
   * @param options - The request, and the runtime's own error as `cause`.
   */
  constructor(message?: string | SdkErrorInit, options: GroqErrorOptions = {}) {
    const [text, given] = messageAndOptions(message, 'Connection error: the request did not reach Groq or got no answer.', options);
    super(text, { ...given, hint: given.hint ?? `${connectionAdvice}; the client retries this by default.` });
  }
}
