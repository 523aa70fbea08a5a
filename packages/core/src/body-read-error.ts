import { browserBodyAdvice, isBrowserFetchFailure } from './browser-fetch-failure.js';
import { describeCause } from './describe-cause.js';
import type { ErrorRequestContext, GroqError } from './errors/groq-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { streamAbortedError } from './stream-aborted-error.js';

/**
 * The error for a body read that failed: the user's abort when `aborted` (the stream's controller, or the
 * body's own fetch, aborted), else a connection that broke off, said to be before the first chunk when
 * `beforeFirstChunk` (a caller that counts chunks knows none came). The runtime's error is kept as the cause.
 */
export function bodyReadError(error: unknown, aborted: boolean, context: ErrorRequestContext, beforeFirstChunk = false): GroqError {
  const options = { ...context, cause: error };
  const where = beforeFirstChunk ? 'before its first chunk' : 'in the middle of the stream';
  return aborted
    ? streamAbortedError(options)
    : new StreamTruncatedError(`The response body broke off ${where} (${describeCause(error)}).`, {
        ...options,
        // A browser's "network error" says nothing of the reason, which its console alone names.
        hint: isBrowserFetchFailure(error) ? `The answer is incomplete; retry the request. ${browserBodyAdvice}.` : undefined,
      });
}
