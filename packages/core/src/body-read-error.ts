import { browserBodyAdvice, isBrowserFetchFailure } from './browser-fetch-failure.js';
import { describeCause } from './describe-cause.js';
import type { ErrorRequestContext, GroqError } from './errors/groq-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { isDecodingFailure, undecodedAdvice, undecodedBody } from './is-decoding-failure.js';
import { nameOf } from './name-of.js';
import { streamAbortedError } from './stream-aborted-error.js';

/**
 * Whether a body read failed because the body's own fetch was aborted: what fetch fails its body with when
 * its signal aborts without a reason of the caller's own, `abort()`'s `AbortError`, or `AbortSignal.timeout()`'s
 * `TimeoutError` (a deadline the caller set, which is no broken connection either). A reason of the caller's
 * own (`abort(new Error(...))`) cannot be told from a failure here.
 */
export function isFetchAbort(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * The server's error that a body's source failed with, or `undefined`: groq-sdk's `toReadableStream()` errors
 * its stream with the `APIError` it raised for an error the server sent mid-stream (`data: {"error": ...}`),
 * which has no `status` and keeps the server's `error`. A broken connection's error has neither.
 */
export function reportedServerError(error: unknown): unknown {
  try {
    if (!(error instanceof Error)) return undefined;
    const { status, error: report } = error as { status?: unknown; error?: unknown };
    return status === undefined && report !== undefined && report !== null ? report : undefined;
  } catch {
    // A getter or a Proxy's trap that throws: no report to read.
    return undefined;
  }
}

/**
 * The error for a body read that failed: the user's abort when `aborted` (the stream's controller, or the
 * body's own fetch, aborted), else a body that could not be decoded or a connection that broke off, said to be
 * before the first chunk when `beforeFirstChunk` (a caller that counts chunks knows none came). The runtime's
 * error is kept as the cause.
 */
export function bodyReadError(error: unknown, aborted: boolean, context: ErrorRequestContext, beforeFirstChunk = false): GroqError {
  const options = { ...context, cause: error };
  const where = beforeFirstChunk ? 'before its first chunk' : 'in the middle of the stream';
  if (aborted) return streamAbortedError(options);
  // Not cut short: the server or a proxy sent it compressed otherwise than its content-encoding says (or in a
  // coding the client cannot read), and a retry gets the same bytes.
  if (isDecodingFailure(error)) {
    return new StreamTruncatedError(`${undecodedBody}, ${where} (${describeCause(error)}).`, { ...options, hint: `The answer is incomplete. ${undecodedAdvice}` });
  }
  return new StreamTruncatedError(`The response body broke off ${where} (${describeCause(error)}).`, {
    ...options,
    // A browser's "network error" says nothing of the reason, which its console alone names.
    hint: isBrowserFetchFailure(error) ? `The answer is incomplete; retry the request. ${browserBodyAdvice}.` : undefined,
  });
}
