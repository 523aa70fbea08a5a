import { safeErrorPayloadOf } from './safe-error-payload-of.js';

/**
 * An error as a relay may show it to a browser: what happened in words a person understands, and codes a
 * program can branch on, but never the API key, upstream hosts, stack traces or other server internals.
 */
export interface SafeErrorPayload {
  /** A message safe to show to the end user. */
  message: string;
  /** A stable kind: `rate_limit`, `capacity`, `authentication`, `invalid_request`, `timeout`, `upstream_error`, `server_error`. */
  type: string;
  /**
   * Groq's error code when there is one (e.g. `rate_limit_exceeded`, `context_length_exceeded`), or, in a
   * relay's error event or NDJSON line, `stream_truncated` for a stream that was cut off (`guardErrorPayload`
   * adds it), which `Stream.fromSSEResponse()` and `Stream.fromReadableStream()` raise as `StreamTruncatedError`.
   * Only a word (letters, digits, `_` and `-`, at most 64): a server's code of another shape is left out, since it
   * may carry what the message may not (an address, a URL, a stack frame).
   */
  code?: string | undefined;
  /** The HTTP status that describes the failure (an integer from 100 to 599; a relayed one of another value is left out). */
  status?: number | undefined;
  /**
   * Whole seconds to wait before retrying, when the upstream said so (429, 498, 5xx with `retry-after`); at most
   * 2,147,483 (24.8 days, what `setTimeout` can wait in milliseconds), whatever longer wait the upstream gave.
   */
  retryAfter?: number | undefined;
  /** Groq's request id, for support. */
  requestId?: string | undefined;
}

// The mapping itself is `safeErrorPayloadOf`, in a module of its own for the reason `ChatCompletionAccumulator` gives.
/** Maps any error to a {@link SafeErrorPayload}; unknown errors say only that the upstream failed. */
export function toSafeErrorPayload(error: unknown): SafeErrorPayload {
  return safeErrorPayloadOf(error);
}
