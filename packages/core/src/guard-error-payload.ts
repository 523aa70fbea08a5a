import type { SSEStreamOptions } from './encode-sse-stream.js';
import { errorPayloadGuard } from './error-payload-guard.js';
import type { SafeErrorPayload, toSafeErrorPayload } from './safe-error-payload.js';

// The guard itself is `errorPayloadGuard`, in a module of its own for the reason `ChatCompletionAccumulator` gives.
/**
 * A relay's `errorPayload` option, made safe to call where a stream is already failing: when the app's
 * mapping throws, or returns what JSON cannot hold (a BigInt, a cycle), the browser gets
 * {@link toSafeErrorPayload}'s words in its `event: error` instead of a broken connection, and the mapping's
 * error goes to `console.error`, redacted (it may quote what it was mapping). Without a mapping, it is
 * {@link toSafeErrorPayload}. A mapping that returns `undefined` leaves that error to the default, silently;
 * one that returns anything else that JSON does not write as an object (`null`, a string, a number, a
 * boolean, an array) gets the default too, and what it returned goes to `console.error`, redacted.
 *
 * @param errorPayload - The app's mapping from an error to what the browser sees, if any. It gets the
 * returned function's `sent` (how many chunks went out before the error) as it is.
 * @param requestId - The upstream request id of the stream being relayed (`stream.requestId`), if known. The
 * default payload carries it when the error itself does not (an abort whose reason is `AbortSignal.timeout()`'s
 * or a plain `Error`), so that the browser can quote it to support whatever stopped the answer. An app's own
 * mapping is left to decide. What does not look like a request id is not used.
 * @returns A mapping that always returns a payload the error event can carry: the app's mapping's payload as
 * `JSON.stringify` wrote it once, read back (a plain copy, with no getter or `toJSON` left to call again), or the
 * default. For a cut-off stream (a
 * `StreamTruncatedError`) that payload has `code: "stream_truncated"`, as `toReadableStream()`'s error line
 * does, also when the app's mapping gave it a `type` of its own, unless the mapping set a code of its own:
 * `Stream.fromSSEResponse()` then raises a `StreamTruncatedError` again in the browser, rather than a
 * `StreamServerError`, whatever the type (the reader goes by that code alone, which Groq's errors never carry).
 */
export function guardErrorPayload(
  errorPayload: SSEStreamOptions['errorPayload'],
  requestId?: string | undefined,
): (error: unknown, sent?: { chunks: number }) => SafeErrorPayload {
  return errorPayloadGuard(errorPayload, requestId);
}
