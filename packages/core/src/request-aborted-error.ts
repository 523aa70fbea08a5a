import { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';

/**
 * The error for a request whose caller's `signal` aborted it, wherever that is noticed (before a try, during
 * the fetch, a retry's wait, a body's read). Its `cause` is the signal's reason, as a stream's abort keeps it
 * (see `abortErrorOf`), rather than what a fetch or body read made of the abort: undici passes the reason on,
 * other fetches reject with an `AbortError` of their own, which does not tell a Stop button from a deadline.
 */
export function requestAbortedError(signal: AbortSignal, context: ErrorRequestContext, message?: string): APIUserAbortError {
  return new APIUserAbortError(message, { ...context, cause: signal.reason });
}
