import type { SSEStreamOptions } from './encode-sse-stream.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { isRequestId } from './request-id.js';
import type { guardErrorPayload } from './guard-error-payload.js';
import type { SafeErrorPayload } from './safe-error-payload.js';
import { safeErrorPayloadOf } from './safe-error-payload-of.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { streamTruncatedCode, type truncationOf } from './truncation-error-line.js';

/**
 * What {@link guardErrorPayload} documents, and what the relays' encoders use; apart from it for the reason
 * `safeErrorPayloadOf` is.
 */
export function errorPayloadGuard(
  errorPayload: SSEStreamOptions['errorPayload'],
  requestId?: string | undefined,
): (error: unknown, sent?: { chunks: number }) => SafeErrorPayload {
  const guarded = guardMapping(errorPayload, requestId);
  // Here rather than in each encoder: the relays' and a relay of the app's own get the kind alike.
  return (error, sent) => withTruncationCode(error, guarded(error, sent));
}

/** {@link errorPayloadGuard} without the truncation code. */
function guardMapping(
  errorPayload: SSEStreamOptions['errorPayload'],
  requestId: string | undefined,
): (error: unknown, sent?: { chunks: number }) => SafeErrorPayload {
  const fallback = isRequestId(requestId) ? (error: unknown): SafeErrorPayload => withRequestId(safeErrorPayloadOf(error), requestId) : safeErrorPayloadOf;
  if (errorPayload === undefined) return fallback;
  return (error, sent) => {
    let payload: SafeErrorPayload | undefined;
    let json: string | undefined;
    try {
      payload = errorPayload(error, sent);
      // What the error event does with it: a BigInt or a cycle throws here, not there. And only here: what is
      // returned is this JSON read back, so that the event's serialisation (and the truncation code's copy)
      // meets no getter or toJSON again, one that throws only on its second call, or answers differently.
      json = JSON.stringify(payload);
    } catch (bug) {
      console.error('[groq-stream] the errorPayload option threw; the browser got the default error event.', redactSecretsDeep(bug));
      return fallback(error);
    }
    // "Not mine, use the default", as a JavaScript mapping says it: not written as {"error":{}}, which the
    // browser would read as an error without words.
    if (payload === undefined) return fallback(error);
    // The event is {"error": payload}: with null, a string or a list in it the browser finds no error object
    // to read. A bug of the app's, which it needs to see.
    if (json?.startsWith('{') !== true) {
      console.error(
        `[groq-stream] the errorPayload option returned ${kindOf(payload)}, not an object; the browser got the default error event.`,
        redactSecretsDeep(payload),
      );
      return fallback(error);
    }
    return JSON.parse(json) as SafeErrorPayload;
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // A Date, or an object whose toJSON gives no object.
  if (typeof value === 'object') return 'what JSON writes as no object';
  return `a ${typeof value}`;
}

// `requestId` is the last field safeErrorPayloadOf writes (present, if undefined): filling it in keeps the
// order of the fields, so the frame is what it would be had the error carried the id.
function withRequestId(payload: SafeErrorPayload, requestId: string): SafeErrorPayload {
  return payload.requestId === undefined ? { ...payload, requestId } : payload;
}

/**
 * The error line's or event's payload for `error`: a cut-off stream's gets {@link streamTruncatedCode}, also a
 * payload of the app's own with a `type` of its own, since the reader goes by the code alone (see
 * {@link truncationOf}). A payload that set a code of its own is left as it is. Here, not beside
 * `truncationOf`, which a page loads up front: only the relays' encoders use it, and a page loads them lazily.
 */
function withTruncationCode(error: unknown, payload: SafeErrorPayload): SafeErrorPayload {
  // An app's own mapping that set a code is left as it chose.
  return StreamTruncatedError.isInstance(error) && payload.code === undefined ? { ...payload, code: streamTruncatedCode } : payload;
}
