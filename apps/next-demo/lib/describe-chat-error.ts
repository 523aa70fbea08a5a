import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  RateLimitError,
  StreamIdleTimeoutError,
  StreamServerError,
  StreamTruncatedError,
} from '@groq-stream/web';
import { describeWait } from './describe-wait';

/**
 * What the page says when an answer ends whole but without a word of text: a reasoning model that spent the
 * relay's token limit thinking, or a model that answered with nothing. The Express page says the same.
 */
export const emptyAnswerMessage = 'The AI service sent no text in its answer. Please try again.';

/**
 * What the page tells a person when an answer fails, in plain words, or `undefined` when nothing failed
 * (they pressed Stop). The relay's messages are already safe to show; this adds what to do next.
 * `answered` says whether any of the answer's text had shown when it failed: only then did the answer stop
 * early. An error event before it (Groq's rate limit as its first event) is said as the relay's refusal is.
 */
export function describeChatError(error: unknown, answered = false): string | undefined {
  // Stop pressed: while waiting for the headers fetch throws an AbortError, afterwards the stream an APIUserAbortError.
  if (APIUserAbortError.isInstance(error) || (error as { name?: unknown } | null)?.name === 'AbortError') return undefined;
  // Groq's rate limit, as the relay passes it on (its type `rate_limit`). The app's own 429 is worded below.
  if (RateLimitError.isInstance(error) && relayType(error) === 'rate_limit') return describeServiceLimit('rate_limit', retryAfterSeconds(error));
  // The relay's `event: error`, mid-answer or before it: its message is safe and meant for people. But Groq's rate
  // limit or capacity limit stopping the answer (the relay's type `rate_limit` or `capacity`, as before the answer)
  // is said in the words it has before the answer, with how long to wait: the relay's message quotes Groq's, which
  // is written for the server's owner (tokens per minute, "Upgrade to Dev Tier") and does not say when to come back.
  if (StreamServerError.isInstance(error)) {
    if (error.type === 'rate_limit' || error.type === 'capacity') return answerStopped(describeServiceLimit(error.type, error.retryAfter), answered);
    return answerStopped(error.serverMessage, answered);
  }
  if (StreamIdleTimeoutError.isInstance(error)) return 'The answer stalled, so the page stopped waiting for it. Please try again.';
  // Cut off: the relay's own event says its upstream was (with its words for people), else the page's own
  // connection to the relay was lost.
  if (StreamTruncatedError.isInstance(error)) {
    if (error.serverMessage !== undefined) return answerStopped(error.serverMessage, answered);
    return `The connection was lost before the answer ${answered ? 'was complete' : 'came'}. Please try again.`;
  }
  if (error instanceof TypeError || APIConnectionError.isInstance(error)) return 'Could not reach the server. Check your network connection and try again.';
  // Last: the idle timeout and connection errors above are APIErrors too (without a status), as in groq-sdk.
  if (APIError.isInstance(error)) {
    // A success that is no event stream: a captive portal's or a proxy's page in the relay's place. No server
    // problem to speak of with its HTTP 200. The Express page says the same.
    if (error.status !== undefined && error.status >= 200 && error.status < 300) return 'The server sent something other than an answer. Please try again.';
    const message = relayMessage(error);
    const type = relayType(error);
    // The message reached the server, which could not get an answer: Groq's flex tier was full (498), or Groq
    // refused the server's own key (401, 403; the relay's type `authentication`). Nothing the person sent was wrong.
    if (error.status === 498 || type === 'capacity') return describeServiceLimit('capacity', retryAfterSeconds(error));
    if (type === 'authentication') return message ?? 'The server is not authorized to use the AI service.';
    // Sent on too: Groq refused the request ("The AI service rejected the request: …", any 4xx status), failed,
    // could not be reached or did not answer in time. The relay's words say which.
    if (type !== undefined && upstreamTypes.has(type)) return message ?? `The AI service could not answer (HTTP ${error.status ?? 'error'}). Please try again.`;
    // Not sent on: the app's own refusal (its type is `invalid_request_error`), or one without the relay's words
    // (a proxy's page in front of it).
    // A 429 that is not Groq's is the app's own limit (or a proxy's): its words, and how long to wait when it says.
    if (error.status === 429) return ownRateLimit(message, retryAfterSeconds(error));
    if (error.status === 413) return `Your conversation is too long to send. ${message ?? ''}`.trim();
    if (error.status !== undefined && error.status >= 400 && error.status < 500) return `The message could not be sent: ${message ?? `the server answered ${error.status}.`}`;
    return message ?? `The server had a problem (HTTP ${error.status ?? 'error'}). Please try again.`;
  }
  return 'Something went wrong. Please try again.';
}

/**
 * The relay's words for why the answer stopped, as a sentence (Groq's may end without a full stop, "…: overloaded"),
 * after "The answer stopped early." when some of it had shown (`answered`), then what to do when they do not say it
 * already ("Please retry your request." does). Before any of the answer there is nothing to call stopped early.
 * The Express page says the same with a copy of this (apps/express-demo/src/client/answer-stopped.ts).
 */
function answerStopped(serverMessage: string, answered: boolean): string {
  const why = serverMessage.trim();
  const reason = why === '' || /[.!?…]["'”’)]*$/.test(why) ? why : `${why}.`;
  return [answered ? 'The answer stopped early.' : '', reason, /try again|\bretry\b/i.test(why) ? '' : 'Please try again.'].filter(Boolean).join(' ');
}

/**
 * The app's own 429 (a limit of its own, a ChatRequestError from the relay's `prepare`): its message, which is
 * not Groq's, and the wait when the answer gave one (else its message says what to do).
 */
function ownRateLimit(message: string | undefined, seconds: number | undefined): string {
  const wait = seconds === undefined ? (message === undefined ? 'Please wait a moment and try again.' : '') : `Please wait ${describeWait(seconds)} and try again.`;
  return [`The message could not be sent: ${message ?? 'too many requests.'}`, wait].filter(Boolean).join(' ');
}

/**
 * The relay's types (SafeErrorPayload) for a request it sent on to Groq, whatever the status: Groq's refusal of
 * the request (`invalid_request`), its failure or no answer in time (`upstream_error`, `timeout`).
 */
const upstreamTypes = new Set(['invalid_request', 'upstream_error', 'timeout']);

/** The kind of failure the relay put in its JSON error body (`authentication`, `capacity`, ...). */
function relayType(error: APIError): string | undefined {
  const type = (error.error as { error?: { type?: unknown } } | undefined)?.error?.type;
  return typeof type === 'string' ? type : undefined;
}

/** The safe message the relay put in its JSON error body. */
function relayMessage(error: APIError): string | undefined {
  // `error.error` is the relay's JSON body, `{ error: { message, ... } }`.
  const message = (error.error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/**
 * Groq's rate limit or capacity limit (the relay's type `rate_limit`, `capacity`), the same words whether it
 * refused the message or stopped the answer, and how long to wait: `seconds` rounded up, in words (describeWait), or
 * "a moment" when the relay did not say (none, zero, negative). The Express page says the same with a copy of this
 * (apps/express-demo/src/client/describe-service-limit.ts).
 */
function describeServiceLimit(limit: 'rate_limit' | 'capacity', seconds: number | undefined): string {
  const wait = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
  const when = wait === undefined ? 'Please wait a moment' : `Please wait ${describeWait(wait)}`;
  return `${limit === 'rate_limit' ? 'Too many requests: the AI service is busy right now.' : 'The AI service is at capacity right now.'} ${when} and try again.`;
}

function retryAfterSeconds(error: APIError): number | undefined {
  const fromBody = (error.error as { error?: { retryAfter?: unknown } } | undefined)?.error?.retryAfter;
  const seconds = typeof fromBody === 'number' ? fromBody : Number(error.headers?.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
