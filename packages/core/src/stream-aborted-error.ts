import { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { GroqErrorOptions } from './errors/groq-error.js';

/** The error a stream throws once its controller (or the caller's signal) aborted it: the same words wherever it is noticed. */
export function streamAbortedError(options: GroqErrorOptions): APIUserAbortError {
  return new APIUserAbortError('The stream was aborted.', options);
}
