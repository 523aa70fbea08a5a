import type { GroqErrorOptions } from './groq-error.js';

/**
 * The one argument groq-sdk's `APIConnectionError`, `APIConnectionTimeoutError` and `APIUserAbortError` take
 * (`new APIConnectionError({ message, cause })`), accepted too so that test doubles built that way compile.
 */
export interface SdkErrorInit {
  message?: string | undefined;
  cause?: Error | undefined;
}

/** The message and options of a constructor called either way: `(message, options)` or groq-sdk's `({ message, cause })`. */
export function messageAndOptions(
  message: string | SdkErrorInit | undefined,
  defaultMessage: string,
  options: GroqErrorOptions,
): [string, GroqErrorOptions] {
  if (typeof message !== 'object' || message === null) return [message ?? defaultMessage, options];
  return [message.message ?? defaultMessage, message.cause === undefined ? options : { cause: message.cause, ...options }];
}
