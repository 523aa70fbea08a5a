import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIError, errorObject, numberField, stringField } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { GroqError } from './errors/groq-error.js';
import { hasErrorBrand } from './errors/has-error-brand.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { StreamError } from './errors/stream-error.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { browserSafeText } from './browser-safe-text.js';
import { describedKey, type markDescribedBody } from './described-body.js';
import { serverWait } from './retry-policy.js';
import { isRequestId } from './request-id.js';
import type { SafeErrorPayload, toSafeErrorPayload } from './safe-error-payload.js';

/**
 * What {@link toSafeErrorPayload} documents, and what the relays' encoders use. Apart from it so that the code
 * `Stream`'s encoders load on first use does not import the module the package's index exports: esbuild keeps
 * such a module up front for every page that uses it lazily.
 */
export function safeErrorPayloadOf(error: unknown): SafeErrorPayload {
  // Only an id: it may come from a chunk's `x_groq.id` or a relay's payload, not just Groq's header.
  const requestId = GroqError.isInstance(error) && isRequestId(error.requestId) ? error.requestId : undefined;
  // Before APIError: as in groq-sdk, these are APIErrors without a status.
  if (APIConnectionTimeoutError.isInstance(error)) {
    return { type: 'timeout', message: 'The AI service took too long to answer. Please try again.', status: 504, requestId };
  }
  if (APIConnectionError.isInstance(error)) {
    return { type: 'upstream_error', message: 'Could not reach the AI service. Please try again.', status: 502, requestId };
  }
  // An abort is an APIError too, with nothing from the server: it ends as an interruption, below.
  if (!APIUserAbortError.isInstance(error) && APIError.isInstance(error)) {
    const status = error.status;
    const base = { code: safeCode(error.code), status, requestId };
    // Whole seconds, as `retry-after` takes them; `retry-after-ms` and dates count too. Passed on for every
    // status that asks the client to come back later (429, 498, a 503 in maintenance).
    const waitMs = serverWait(error.headers)?.ms;
    const retryAfter = waitMs !== undefined && waitMs > 0 ? Math.min(Math.ceil(waitMs / 1000), longestWait) : undefined;
    if (status === 429) {
      return { ...base, type: 'rate_limit', message: 'The AI service is receiving too many requests right now. Please try again in a moment.', retryAfter };
    }
    if (status === 498) {
      // Flex-tier capacity: not the request's fault, and worth retrying.
      return { ...base, type: 'capacity', message: 'The AI service is at capacity right now. Please try again in a moment.', retryAfter };
    }
    if (status === 401 || status === 403) {
      // The browser cannot fix the server's credentials, and must not learn anything about them.
      return { ...base, type: 'authentication', message: 'The server is not authorized to use the AI service.' };
    }
    // Statuses a browser takes to be about its own connection to the relay, were they passed on: Chromium fails
    // the fetch on a 407 from a server it reached directly ("Failed to fetch": the page never reads the JSON),
    // and sends the POST again, unseen by the page, on a 421 or on a 408 over a reused connection, each a new
    // chat upstream. From the upstream they are the relay's way to the AI service failing: a gateway's statuses.
    if (status === 407 || status === 421) {
      return { ...base, status: 502, type: 'upstream_error', message: 'Could not reach the AI service. Please try again.' };
    }
    if (status === 408) {
      return { ...base, status: 504, type: 'timeout', message: 'The AI service took too long to answer. Please try again.' };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      // Groq's 4xx messages describe the request (context too long, unknown model), which the user can act on;
      // one that carries internals or cannot be made safe is replaced.
      const detail = serverMessage(error);
      return {
        ...base,
        type: 'invalid_request',
        message: detail === undefined ? `The AI service rejected the request (HTTP ${status}).` : `The AI service rejected the request: ${detail}`,
      };
    }
    // A success status with the wrong body (a proxy's page) is no status to pass on.
    const failed = status !== undefined && status >= 400 ? status : 502;
    return { ...base, status: failed, type: 'upstream_error', message: 'The AI service had a problem. Please try again.', retryAfter };
  }
  if (StreamServerError.isInstance(error)) {
    const detail = browserSafeText(error.serverMessage);
    // A relay's own error frame, read and passed on again (a stream re-encoded in the browser or by a
    // second relay): already in words for people, so kept as it was rather than wrapped once more.
    const relayed = relayPayload(error.error);
    if (relayed !== undefined) {
      return { ...relayed, message: detail ?? 'The AI service stopped with an error. Please try again.', requestId };
    }
    const prefix = 'The AI service stopped with an error';
    const status = safeStatus(error.status);
    return {
      // A rate limit or a capacity limit that stops a stream is the same kind as one that refuses it, so that a
      // page can tell it by its type (and wait `retryAfter`) wherever it came.
      type: status === 429 || error.code === 'rate_limit_exceeded' ? 'rate_limit' : status === 498 ? 'capacity' : 'upstream_error',
      message: detail === undefined ? `${prefix}. Please try again.` : detail.startsWith(prefix) ? detail : `${prefix}: ${detail}`,
      code: safeCode(error.code),
      status,
      retryAfter: safeRetryAfter(error.retryAfter),
      requestId,
    };
  }
  if (isConfigurationError(error)) {
    // `new Groq()` without a key, an option out of range: the server's to fix, and no retry helps.
    return { type: 'server_error', message: 'The server is not set up to use the AI service.', status: 500, requestId };
  }
  const interrupted = 'The answer was interrupted. Please try again.';
  // A relay's cut-off read back and passed on again is kept as it was, as a relayed StreamServerError is above:
  // its type (an app's errorPayload's own too), words, code, status and retry delay. A cut-off of the stream
  // itself has no payload, nor has an abort. The code last, where `withTruncationCode` put it: the frame passed
  // on is the one the relay wrote.
  if (StreamTruncatedError.isInstance(error) && error.error !== undefined) {
    const detail = error.serverMessage === undefined ? undefined : browserSafeText(error.serverMessage);
    return {
      type: safeCode(error.type) ?? 'upstream_error',
      message: detail ?? interrupted,
      status: safeStatus(error.status),
      retryAfter: safeRetryAfter(error.retryAfter),
      requestId,
      code: safeCode(error.code),
    };
  }
  return { type: 'upstream_error', message: interrupted, status: 502, requestId };
}

// The types only a relay's payload has: `server_error` and `invalid_request` are left out, since an
// upstream's own error may use them (OpenAI's `server_error`) and must then be worded by the relay.
const relayOnlyTypes = new Set(['rate_limit', 'capacity', 'authentication', 'timeout', 'upstream_error']);

/** The type, code, status and retry delay of a {@link SafeErrorPayload} that a relay sent, if `value` is one. */
function relayPayload(value: unknown): Omit<SafeErrorPayload, 'message' | 'requestId'> | undefined {
  const payload = value as Partial<Record<keyof SafeErrorPayload, unknown>> | undefined;
  if (typeof payload?.type !== 'string' || !relayOnlyTypes.has(payload.type) || typeof payload.message !== 'string') return undefined;
  return {
    type: payload.type,
    code: safeCode(stringField(payload, 'code')),
    status: safeStatus(numberField(payload, 'status')),
    retryAfter: safeRetryAfter(numberField(payload, 'retryAfter')),
  };
}

// A code or type is a word for programs to branch on (`rate_limit_exceeded`, `context_length_exceeded`). What
// a server or another relay put there otherwise (a sentence, a URL, an address, a stack frame, a megabyte of
// HTML) is passed on by no check of the message's, and may carry the internals a payload must not: left out.
const codeShape = /^[A-Za-z0-9][\w-]{0,63}$/;

function safeCode(value: string | undefined): string | undefined {
  return value !== undefined && codeShape.test(value) ? value : undefined;
}

/** An HTTP status, as the browser may compare it; a relayed `status` of 99999 or 4.5 says nothing. */
function safeStatus(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

/**
 * The longest wait a browser is told, in seconds: what `setTimeout` can hold (2^31 - 1 ms, 24.8 days). A page that
 * waits `retryAfter * 1000` ms with more (an upstream's `retry-after: 99999999999`, a date in 2099) has its timer
 * fire at once, and retries at once, again and again, the opposite of what the server asked.
 */
const longestWait = 2_147_483;

/** Whole seconds from now, as `retry-after` takes them: a relayed negative or fractional wait is not one. */
function safeRetryAfter(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 && value <= Number.MAX_SAFE_INTEGER ? Math.min(Math.ceil(value), longestWait) : undefined;
}

/**
 * Whether a relay's failure is one of the answers it expects (the browser's bad request, anything the
 * upstream did or failed to do, a stream that broke) rather than a bug or a misconfiguration of the app,
 * which the developer needs to see in the logs.
 */
export function isExpectedRelayError(error: unknown): boolean {
  return hasErrorBrand(error, 'ChatRequestError') || APIError.isInstance(error) || StreamError.isInstance(error);
}

/** A `GroqError` of the client's own making (no key, an option out of range), not about a request's answer. */
function isConfigurationError(error: unknown): boolean {
  return GroqError.isInstance(error) && !isExpectedRelayError(error) && !StreamConsumedError.isInstance(error);
}

function serverMessage(error: APIError): string | undefined {
  // The client's description of a body that was not the server's JSON: no words of the server's to pass on.
  if (hasDescribedBody(error)) return undefined;
  // A path the upstream does not serve: the server's baseURL is wrong. Its words name the upstream's path and
  // ask to "check the URL for typos", which the browser did not choose and cannot fix.
  if (error.code === 'unknown_url') return undefined;
  const message = (errorObject(error.error) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? browserSafeText(message) : undefined;
}

/**
 * Whether {@link markDescribedBody} marked `error`. Here, not beside it in described-body.ts, which a page
 * loads up front: only the relays use it, and a page loads their code lazily.
 */
function hasDescribedBody(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[describedKey] === true;
}
