import type { SSEStreamOptions } from './encode-sse-stream.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { isRequestId } from './request-id.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';
import { withTruncationCode } from './truncation-error-line.js';

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
 * @returns A mapping that always returns a payload the error event can carry. For a cut-off stream (a
 * `StreamTruncatedError`) that payload has `code: "stream_truncated"`, as `toReadableStream()`'s error line
 * does, also when the app's mapping gave it a `type` of its own, unless the mapping set a code of its own:
 * `Stream.fromSSEResponse()` then raises a `StreamTruncatedError` again in the browser, rather than a
 * `StreamServerError`, whatever the type (the reader goes by that code alone, which Groq's errors never carry).
 */
export function guardErrorPayload(
  errorPayload: SSEStreamOptions['errorPayload'],
  requestId?: string | undefined,
): (error: unknown, sent?: { chunks: number }) => SafeErrorPayload {
  const guarded = guardMapping(errorPayload, requestId);
  // Here rather than in each encoder: the relays' and a relay of the app's own get the kind alike.
  return (error, sent) => withTruncationCode(error, guarded(error, sent));
}

/** {@link guardErrorPayload} without the truncation code. */
function guardMapping(
  errorPayload: SSEStreamOptions['errorPayload'],
  requestId: string | undefined,
): (error: unknown, sent?: { chunks: number }) => SafeErrorPayload {
  const fallback = isRequestId(requestId) ? (error: unknown): SafeErrorPayload => withRequestId(toSafeErrorPayload(error), requestId) : toSafeErrorPayload;
  if (errorPayload === undefined) return fallback;
  return (error, sent) => {
    let payload: SafeErrorPayload | undefined;
    let json: string | undefined;
    try {
      payload = errorPayload(error, sent);
      json = JSON.stringify(payload); // what the error event does with it: a BigInt or a cycle throws here, not there
    } catch (bug) {
      console.error('groq-stream: the errorPayload option threw; the browser got the default error event.', redactSecretsDeep(bug));
      return fallback(error);
    }
    // "Not mine, use the default", as a JavaScript mapping says it: not written as {"error":{}}, which the
    // browser would read as an error without words.
    if (payload === undefined) return fallback(error);
    // The event is {"error": payload}: with null, a string or a list in it the browser finds no error object
    // to read. A bug of the app's, which it needs to see.
    if (json?.startsWith('{') !== true) {
      console.error(
        `groq-stream: the errorPayload option returned ${kindOf(payload)}, not an object; the browser got the default error event.`,
        redactSecretsDeep(payload),
      );
      return fallback(error);
    }
    return payload;
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // A Date, or an object whose toJSON gives no object.
  if (typeof value === 'object') return 'what JSON writes as no object';
  return `a ${typeof value}`;
}

// `requestId` is the last field toSafeErrorPayload writes (present, if undefined): filling it in keeps the
// order of the fields, so the frame is what it would be had the error carried the id.
function withRequestId(payload: SafeErrorPayload, requestId: string): SafeErrorPayload {
  return payload.requestId === undefined ? { ...payload, requestId } : payload;
}
