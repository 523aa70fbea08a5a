import type { ErrorRequestContext } from './errors/groq-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { isRequestId } from './request-id.js';

/**
 * The `code` of the error that `toReadableStream()` (its NDJSON line) and `toSSEReadableStream()` and the relays
 * (their `event: error`) write for a cut-off stream. The safe payload says "The answer was interrupted" for a
 * cut-off and an abort alike; with this code, `Stream.fromReadableStream()` and `Stream.fromSSEResponse()` raise
 * a {@link StreamTruncatedError} again (retry: the answer is incomplete) rather than a `StreamServerError`. It
 * says only which kind of failure it was: nothing of the server's.
 *
 * The code alone says it, whatever the payload's `type`: the relays add it to an app's own payload too (an
 * `errorPayload` mapping's, with a `type` of the app's), and Groq's own errors never carry it (their codes are
 * Groq's: `rate_limit_exceeded`, `invalid_api_key`, `internal_server_error`, ...). An app's mapping should not
 * give this code to other errors: they would read back as a cut-off.
 */
export const streamTruncatedCode = 'stream_truncated';

/**
 * The {@link StreamTruncatedError} that an NDJSON line's `error` member, or an `event: error`'s, stands for,
 * when it has the code the relays give a cut-off stream (`stream_truncated`, see error-payload-guard.ts), whatever
 * its `type` (`upstream_error` in the default payload, the app's own in an `errorPayload` mapping's), or `undefined`
 * for any other error, which stays a `StreamServerError`. Groq's own errors never carry that code. The error is
 * made from the payload as the relay sent it: it quotes the payload's `message` (the relay's words for the
 * browser, an app's own too) and keeps the payload, as a `StreamServerError` does.
 */
export function truncationOf(error: unknown, context: ErrorRequestContext): StreamTruncatedError | undefined {
  const { code, requestId } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; requestId?: unknown };
  // Not the type too: an app's errorPayload may set its own, and the relays still mark a cut-off by the code.
  if (code !== streamTruncatedCode) return undefined;
  // The words are the error's to quote, as a StreamServerError's are.
  return new StreamTruncatedError(undefined, { ...context, requestId: context.requestId ?? (isRequestId(requestId) ? requestId : undefined), error });
}
