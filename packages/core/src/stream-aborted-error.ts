import { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { ErrorRequestContext, GroqError, GroqErrorOptions } from './errors/groq-error.js';

/** The error a stream throws once its controller (or the caller's signal) aborted it: the same words wherever it is noticed. */
export function streamAbortedError(options: GroqErrorOptions): APIUserAbortError {
  return new APIUserAbortError('The stream was aborted.', options);
}

// The failures a stream aborted its own controller with (an idle timeout): whatever else listens on that
// signal (a `tee()`) must throw the failure itself, as the stream does, not call it the user's abort.
const ownFailures = new WeakSet<object>();

/** Aborts a stream's `controller` because of `failure`, which those that notice the abort then throw as it is. */
export function abortForFailure(controller: AbortController, failure: GroqError): void {
  ownFailures.add(failure);
  controller.abort(failure);
}

/** Whether `reason`, a signal's, is a failure a stream aborted its own controller with (see {@link abortForFailure}). */
export function isOwnFailure(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && ownFailures.has(reason);
}

/**
 * What a stream whose controller `signal` aborted throws: the stream's own failure when it aborted itself
 * (see {@link abortForFailure}), else {@link streamAbortedError} with the signal's reason as `cause`, which
 * tells a Stop button (`abort()`, `abort(new Error('stopped'))`) from a deadline (`AbortSignal.timeout()`'s
 * `TimeoutError`) when the caller's signal aborted it.
 */
export function abortErrorOf(signal: AbortSignal, context: ErrorRequestContext): GroqError {
  const reason: unknown = signal.reason;
  if (isOwnFailure(reason)) return reason as GroqError;
  return streamAbortedError({ ...context, cause: reason });
}
