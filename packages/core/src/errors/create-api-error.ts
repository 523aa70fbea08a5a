import { APIError, stringField } from './api-error.js';
import { AuthenticationError } from './authentication-error.js';
import { BadRequestError } from './bad-request-error.js';
import { ConflictError } from './conflict-error.js';
import type { ErrorRequestContext } from './groq-error.js';
import { InternalServerError } from './internal-server-error.js';
import { NotFoundError } from './not-found-error.js';
import { PermissionDeniedError } from './permission-denied-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { UnprocessableEntityError } from './unprocessable-entity-error.js';
import { quotedWords } from './quoted-words.js';
import { requestIdFrom } from '../request-id.js';
import { redirectFailureAdvice } from '../fetch-with-safe-redirects.js';
import { proxyRefusalAdvice } from '../proxy-refusal.js';

const errorClassByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

// Statuses Groq documents that have no class of their own still deserve advice.
const hintByStatus: Record<number, string> = {
  408: 'The server timed out waiting for the request: retry it.',
  413: 'The request is too large: shorten the messages or lower max_completion_tokens.',
  498: 'Flex-tier capacity is exhausted: retry later, or use service_tier "on_demand".',
};

// Groq's (and OpenAI's) 404 for a path it does not serve: the model is not the problem, the address is, most
// often a baseURL with a path of its own (`.../openai`, `.../v1`) before the client's `/openai/v1/...`.
const baseURLAdvice = "check baseURL, which is the server's address alone (https://api.groq.com, or a proxy's own prefix), without /openai/v1: the client adds the path.";
const unknownURLHint = `The server has no such path: ${baseURLAdvice}`;

function hintByCode(status: number, code: string | undefined): string | undefined {
  return status === 404 && code === 'unknown_url' ? unknownURLHint : undefined;
}

/**
 * Advice for a 3xx or 4xx that Groq does not send and that has no class of its own: what answered in Groq's place
 * (a redirect the client does not follow, a proxy that wants credentials, a server at the wrong address) is what
 * to check, which the status alone does not say.
 */
function unexpectedStatusHint(status: number): string | undefined {
  if (status >= 300 && status <= 399) return `The server answered with status ${status}, a redirection (3xx) that the client does not follow. ${redirectFailureAdvice}.`;
  if (status === 407) return `${proxyRefusalAdvice(407)}.`;
  if (status === 405) return `The server does not take this method at this path: ${baseURLAdvice}`;
  if (status >= 400 && status <= 499) return 'Groq does not answer with this status: check that baseURL points at Groq or a Groq-compatible server, and that no proxy in between answers in its place.';
  return undefined;
}

/**
 * Turns an error response into the {@link APIError} subclass for its status, with the server's message.
 * `body` is the parsed JSON body (Groq's `{ error: { message, type, code } }`), or the raw text when it
 * was not JSON.
 *
 * @param hint - Advice to append instead of the status's own, which is written for the code holding the
 *   key (check the API key, lower max_completion_tokens); `''` for none, as for a browser reading a relay.
 */
export function createAPIError(
  status: number,
  body: unknown,
  headers: Headers | undefined,
  context: ErrorRequestContext = {},
  hint?: string,
): APIError {
  // A server that echoes the request (a misconfigured proxy) may put the key in its message or body: the
  // error's constructors redact both (the message is redacted here too, before it is made a sentence).
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : body;
  const serverMessage =
    stringField(error, 'message') ?? (typeof error === 'string' && error !== '' ? error : undefined) ?? stringField(body, 'message');
  // Made a sentence: the request note and advice follow it, and would run on from a message ending in a URL.
  // Redacted first, as a key's pattern takes in a full stop after it, which would leave no sentence end. Cut at
  // 1,000 characters, as a stream's error is: a body of 64 KiB was one message of 64 KiB (`error` keeps it whole).
  const message = `${status} ${serverMessage !== undefined && serverMessage.trim() !== '' ? quotedWords(serverMessage).quoted : (typeof body === 'object' && body !== null ? 'status code (a JSON body without an error message: see error.error)' : 'status code (no body)')}`;
  const requestId = context.requestId ?? requestIdFrom(headers);
  // As in groq-sdk, `error` is the whole JSON body. Raw text given as `body` is only in the message (the
  // client itself passes a description of such a body as `{ error: { message } }` instead).
  const json = typeof body === 'object' && body !== null ? body : undefined;
  const ErrorClass = errorClassOf(status);
  const options = { hint: hint ?? hintByCode(status, stringField(error, 'code')) ?? hintByStatus[status] ?? (ErrorClass === APIError ? unexpectedStatusHint(status) : undefined), ...context, requestId, status, headers, error: json };
  return new ErrorClass(message, options);
}

/** The advice an error for `status` carries unless given another: the status's own, else its class's. */
export function statusAdvice(status: number): string | undefined {
  return hintByStatus[status] ?? (errorClassOf(status) as { hint?: string }).hint;
}

function errorClassOf(status: number): typeof APIError {
  return status >= 500 && status <= 599 ? InternalServerError : errorClassByStatus[status] ?? APIError;
}
