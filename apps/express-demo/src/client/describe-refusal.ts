import { describeServiceLimit } from './describe-service-limit.js';
import { describeWait } from './describe-wait.js';

/** The relay's JSON error body, as far as the page reads it. */
export interface RelayError {
  message?: unknown;
  type?: unknown;
  retryAfter?: unknown;
}

/**
 * The relay's types for a request it sent on to Groq, whatever the status: Groq's refusal of the request
 * (`invalid_request`), its failure or no answer in time (`upstream_error`, `timeout`).
 */
const upstreamTypes = new Set(['invalid_request', 'upstream_error', 'timeout']);

/**
 * What the page says when the relay answers `status`: the same words as the Next demo's page
 * (apps/next-demo/lib/describe-chat-error.ts). "The message could not be sent" only where it was not sent on:
 * the app's own refusals (`invalid_request_error`) and refusals without the relay's words.
 */
export function describeRefusal(status: number, error: RelayError | undefined, headers: Headers): string {
  const message = typeof error?.message === 'string' && error.message !== '' ? error.message : undefined;
  const type = typeof error?.type === 'string' ? error.type : undefined;
  // Groq's rate limit, as the relay passes it on (its type `rate_limit`). The app's own 429 is worded below.
  if (status === 429 && type === 'rate_limit') return describeServiceLimit('rate_limit', retryAfterSeconds(error, headers));
  // The message reached the server, which could not get an answer: Groq's flex tier was full (498), or Groq
  // refused the server's own key (401, 403). Nothing the person sent was wrong.
  if (status === 498 || type === 'capacity') return describeServiceLimit('capacity', retryAfterSeconds(error, headers));
  if (type === 'authentication') return message ?? 'The server is not authorized to use the AI service.';
  if (type !== undefined && upstreamTypes.has(type)) return message ?? `The AI service could not answer (HTTP ${status}). Please try again.`;
  // Not sent on: the app's own refusal (its type is `invalid_request_error`), or one without the relay's words.
  // A 429 that is not Groq's is the app's own limit (or a proxy's): its words, and how long to wait when it says.
  if (status === 429) return ownRateLimit(message, retryAfterSeconds(error, headers));
  if (status === 413) return `Your conversation is too long to send. ${message ?? ''}`.trim();
  if (status >= 400 && status < 500) return `The message could not be sent: ${message ?? `the server answered ${status}.`}`;
  return message ?? `The server had a problem (HTTP ${status}). Please try again.`;
}

/** Whole seconds from the body's `retryAfter` or `retry-after`, or `undefined` when neither gives a wait. */
function retryAfterSeconds(error: RelayError | undefined, headers: Headers): number | undefined {
  const seconds = typeof error?.retryAfter === 'number' ? error.retryAfter : Number(headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/**
 * The app's own 429 (a limit of its own, a ChatRequestError from the relay's `prepare`): its message, which is
 * not Groq's, and the wait when the answer gave one (else its message says what to do).
 */
function ownRateLimit(message: string | undefined, seconds: number | undefined): string {
  const wait = seconds === undefined ? (message === undefined ? 'Please wait a moment and try again.' : '') : `Please wait ${describeWait(seconds)} and try again.`;
  return [`The message could not be sent: ${message ?? 'too many requests.'}`, wait].filter(Boolean).join(' ');
}
