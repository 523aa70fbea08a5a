import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { ChatRequestError, isRefusalStatus } from './errors/chat-request-error.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';
import { isExpectedRelayError } from './safe-error-payload-of.js';
import { isThrownByPrepare } from './thrown-by-prepare.js';

/** The HTTP answer a relay gives when it fails before streaming: a status and a JSON body. */
export interface RelayErrorResponse {
  /** HTTP status: the relay's own (400, 405, 413, 415, ...), or upstream's when it is an error status, else 502. */
  status: number;
  /**
   * The reason phrase for a status of Groq's own, which runtimes know none for: `Flex Tier Capacity Exceeded` for
   * 498 (Node would write `498 unknown`). Undefined for the others: the runtime's phrase is the right one.
   */
  statusText?: string | undefined;
  /**
   * `content-type` (JSON), `cache-control: no-store`, and `allow` or `retry-after` when they apply; Groq's request
   * id as `x-groq-request-id` and `x-request-id` when there is one. A relay writing them over a response
   * that already has an `x-request-id` (the app's own request-id middleware) keeps the app's.
   */
  headers: Record<string, string>;
  /** The JSON body, in Groq's error shape. */
  body: {
    /** What went wrong, safe to show the browser: never the key or upstream internals. */
    error: SafeErrorPayload | ReturnType<ChatRequestError['toJSON']>['error'];
  };
  /**
   * `false` when the failure is the app's, not the browser's or the upstream's: a misconfigured client (no
   * key), a bug in `prepare`. The relays log those (or hand them to Express's error handler).
   */
  expected: boolean;
  /**
   * `true` when the server, not the browser, has something to fix or should know of it: Groq refused the
   * server's key (401, 403), knows no such model or URL (404), failed (5xx), could not be reached or did not
   * answer in time, or answered with something else than an error or a stream (a wrong `baseURL`). The relays
   * log these as a warning with the SDK's (redacted) message, so that a bad key or an outage shows in the
   * server's logs, not only in browsers. Rate limits (429, 498) and refusals of the request itself are not.
   */
  serverFault: boolean;
}

/**
 * Maps a failure before the first byte of the stream to the answer the browser gets: the relay's own
 * validation errors as they are; upstream errors with a matching status (429 stays 429, with
 * `retry-after`) and a safe message, never the key or upstream internals.
 */
export function relayErrorResponse(error: unknown): RelayErrorResponse {
  try {
    return answerFor(error);
  } catch {
    // A value that cannot even be looked at (a Proxy whose traps throw): answered as the app's own failure,
    // through the error that stands in for it.
    return answerFor(redactSecretsDeep(error));
  }
}

// The statuses of Groq's own that a relay passes on, by the names Groq's list of error codes gives them.
const groqReasonPhrases: Readonly<Partial<Record<number, string>>> = { 498: 'Flex Tier Capacity Exceeded' };

/** The answer to a failure of the app's own (a bug in `prepare`, a misconfigured client): nothing of it is shown. */
const appFailure: SafeErrorPayload = { type: 'server_error', message: 'The server could not handle the chat request.', status: 500 };

function answerFor(error: unknown): RelayErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (ChatRequestError.isInstance(error)) {
    // A status no HTTP answer can carry (an error made by an older copy of this package, or changed after it was
    // made) would make the relay throw while answering: the app's failure, answered as one.
    if (!isRefusalStatus(error.status)) return { status: 500, headers, body: { error: { ...appFailure } }, expected: false, serverFault: false };
    // HTTP requires a 405 to say which methods are allowed.
    if (error.status === 405) headers.allow = 'POST';
    return { status: error.status, headers, body: error.toJSON(), expected: true, serverFault: false };
  }
  let payload = toSafeErrorPayload(error);
  // Neither the browser's doing nor Groq's: a bug in the app's `prepare` or client factory. Nothing was
  // sent, so nothing was "interrupted": the server failed, and says so. A GroqError that `prepare` threw (a
  // ChatRequestError it made with a bad status) is its failure too, not a client that is not set up.
  if (!isExpectedRelayError(error) && (payload.type === 'upstream_error' || isThrownByPrepare(error))) {
    payload = { ...appFailure };
  }
  if (payload.retryAfter !== undefined) headers['retry-after'] = String(payload.retryAfter);
  if (payload.requestId !== undefined) {
    // Under a name of its own, always; `x-request-id` only where the app has not set its own (see `headers`).
    headers['x-groq-request-id'] = payload.requestId;
    headers['x-request-id'] = payload.requestId;
  }
  // Upstream's status, 401 and 403 included, so the browser can tell a refusal from an outage; the body's
  // `type: 'authentication'` says it is the server's credentials, and its message says nothing about them.
  // A status that is no error status (a relayed payload that claims 200, or 400.5, which runtimes truncate or
  // refuse) answers 502, and the body says the same status the browser got, not the one it claimed.
  const status = isRefusalStatus(payload.status) ? payload.status : 502;
  return {
    status,
    ...(groqReasonPhrases[status] === undefined ? {} : { statusText: groqReasonPhrases[status] }),
    headers,
    body: { error: { ...payload, status } },
    expected: isExpectedRelayError(error),
    serverFault: isServerFault(error),
  };
}

function isServerFault(error: unknown): boolean {
  if (APIUserAbortError.isInstance(error)) return false;
  if (APIConnectionError.isInstance(error)) return true;
  if (!APIError.isInstance(error)) return false;
  const { status } = error;
  // 407, 408 and 421 are the relay's way to the AI service failing (a proxy that wants credentials, a server that
  // timed the request out or does not serve its host): the browser gets a 502 or 504 for them (safeErrorPayloadOf).
  return status === undefined || status < 400 || status === 401 || status === 403 || status === 404 || status === 407 || status === 408 || status === 421 || status >= 500;
}
