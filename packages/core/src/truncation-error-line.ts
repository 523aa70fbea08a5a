import type { ErrorRequestContext } from './errors/groq-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { isRequestId } from './request-id.js';
import type { SafeErrorPayload } from './safe-error-payload.js';

/**
 * The `code` of the error that `toReadableStream()` (its NDJSON line) and `toSSEReadableStream()` and the relays
 * (their `event: error`) write for a cut-off stream. The safe payload says "The answer was interrupted" for a
 * cut-off and an abort alike; with this code, `Stream.fromReadableStream()` and `Stream.fromSSEResponse()` raise
 * a {@link StreamTruncatedError} again (retry: the answer is incomplete) rather than a `StreamServerError`. It
 * says only which kind of failure it was: nothing of the server's.
 */
export const streamTruncatedCode = 'stream_truncated';

/** The error line's or event's payload for `error`: a cut-off stream's gets {@link streamTruncatedCode}. */
export function withTruncationCode(error: unknown, payload: SafeErrorPayload): SafeErrorPayload {
  // An app's own mapping that set a code is left as it chose.
  return StreamTruncatedError.isInstance(error) && payload.code === undefined ? { ...payload, code: streamTruncatedCode } : payload;
}

/**
 * The {@link StreamTruncatedError} that an NDJSON line's `error` member, or an `event: error`'s, stands for,
 * when it is the payload {@link withTruncationCode} wrote (type `upstream_error`, code `stream_truncated`), or
 * `undefined` for any other error, which stays a `StreamServerError`.
 */
export function truncationOf(error: unknown, context: ErrorRequestContext): StreamTruncatedError | undefined {
  const { type, code, requestId } = (typeof error === 'object' && error !== null ? error : {}) as { type?: unknown; code?: unknown; requestId?: unknown };
  if (type !== 'upstream_error' || code !== streamTruncatedCode) return undefined;
  return new StreamTruncatedError('The stream this one was passed on from ended before it was complete (no [DONE] and no finish_reason).', {
    ...context,
    requestId: context.requestId ?? (isRequestId(requestId) ? requestId : undefined),
  });
}
