import { redactSecretsDeep } from './redact-secrets.js';
import { isRequestId } from './request-id.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';

/**
 * A relay's `errorPayload` option, made safe to call where a stream is already failing: when the app's
 * mapping throws, or returns what JSON cannot hold (a BigInt, a cycle), the browser gets
 * {@link toSafeErrorPayload}'s words in its `event: error` instead of a broken connection, and the mapping's
 * error goes to `console.error`, redacted (it may quote what it was mapping). Without a mapping, it is
 * {@link toSafeErrorPayload}.
 *
 * @param errorPayload - The app's mapping from an error to what the browser sees, if any.
 * @param requestId - The upstream request id of the stream being relayed (`stream.requestId`), if known. The
 * default payload carries it when the error itself does not (an abort whose reason is `AbortSignal.timeout()`'s
 * or a plain `Error`), so that the browser can quote it to support whatever stopped the answer. An app's own
 * mapping is left to decide. What does not look like a request id is not used.
 * @returns A mapping that always returns a payload the error event can carry.
 */
export function guardErrorPayload(
  errorPayload: ((error: unknown) => SafeErrorPayload) | undefined,
  requestId?: string | undefined,
): (error: unknown) => SafeErrorPayload {
  const fallback = isRequestId(requestId) ? (error: unknown): SafeErrorPayload => withRequestId(toSafeErrorPayload(error), requestId) : toSafeErrorPayload;
  if (errorPayload === undefined) return fallback;
  return (error) => {
    try {
      const payload = errorPayload(error);
      JSON.stringify(payload); // what the error event does with it: a BigInt or a cycle throws here, not there
      return payload;
    } catch (bug) {
      console.error('groq-stream: the errorPayload option threw; the browser got the default error event.', redactSecretsDeep(bug));
      return fallback(error);
    }
  };
}

// `requestId` is the last field toSafeErrorPayload writes (present, if undefined): filling it in keeps the
// order of the fields, so the frame is what it would be had the error carried the id.
function withRequestId(payload: SafeErrorPayload, requestId: string): SafeErrorPayload {
  return payload.requestId === undefined ? { ...payload, requestId } : payload;
}
