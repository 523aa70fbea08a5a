import { redactSecretsDeep } from '../redact-secrets-deep.js';
import { serverWait } from '../retry-policy.js';
import { brandErrorClass, GroqError, type GroqErrorOptions } from './groq-error.js';

/** Options of an {@link APIError}: what the server answered. */
export interface APIErrorOptions extends GroqErrorOptions {
  /** HTTP status of the response, when there was one. */
  status?: number | undefined;
  /** Response headers (never the request's, so never the API key). */
  headers?: Headers | undefined;
  /** The JSON body of the response (Groq's is `{ error: { message, type, code, param } }`), as sent. */
  error?: object | undefined;
}

/**
 * The server answered with an error. Subclasses by status: {@link BadRequestError} (400),
 * `AuthenticationError` (401), `PermissionDeniedError` (403), `NotFoundError` (404), `ConflictError` (409),
 * `UnprocessableEntityError` (422), `RateLimitError` (429), `InternalServerError` (>= 500).
 */
export class APIError extends GroqError {
  static {
    brandErrorClass(this, 'APIError');
  }

  /** HTTP status of the response, when there was one. */
  readonly status: number | undefined;
  /** Response headers, e.g. `retry-after` and the `x-ratelimit-*` family. */
  readonly headers: Headers | undefined;
  /**
   * The JSON body of the error response, as in groq-sdk: Groq's is `{ error: { message, type, code } }`, so
   * `error.error.error.failed_generation` reads a JSON-mode failure. For a body that was not JSON (a
   * proxy's HTML page), `{ error: { message } }` describing it: its status text, content type and an excerpt.
   */
  readonly error: object | undefined;
  /** Groq's error code, e.g. `rate_limit_exceeded`, `invalid_api_key`, `model_not_found`. */
  readonly code: string | undefined;
  /** Groq's error type, e.g. `invalid_request_error`, `tokens`, `requests`. */
  readonly type: string | undefined;
  /** The request parameter the error is about, when the server names one. */
  readonly param: string | undefined;
  /**
   * How long the server asked you to wait before trying again, in milliseconds: `retry-after-ms`, else
   * `retry-after` (seconds, or an HTTP date counted from when this error was made; 0 for a date already
   * past). `undefined` when the response asked for no wait, or wrote it in a form HTTP does not have.
   * Groq sends it with rate limits (429) and may with 498 and 503. The client's own retries have already
   * waited a wait of up to 60 s; a longer one is not retried (the error comes at once, its advice naming the
   * wait), so this is when an attempt of yours may succeed.
   */
  readonly retryAfterMs: number | undefined;

  /**
   * Reads `code`, `type` and `param` from the body's `error` object (or the body itself when it has none)
   * when they are strings. Prefer
   * {@link createAPIError}, which picks the subclass for the status.
   *
   * @param message - What happened, usually the server's own message.
   * @param options - The response (`status`, `headers`, the `error` body) and the request it answers.
   */
  constructor(message: string, options: APIErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.headers = redactSecretsDeep(options.headers);
    this.error = redactSecretsDeep(options.error);
    const details = errorObject(this.error);
    this.code = stringField(details, 'code');
    this.type = stringField(details, 'type');
    this.param = stringField(details, 'param');
    const asked = serverWait(this.headers)?.ms;
    this.retryAfterMs = asked === undefined ? undefined : Math.max(0, asked);
  }
}

/** The `error` member of an error body (`{ error: { message, type, code } }`), or the body itself when it has none. */
export function errorObject(body: unknown): unknown {
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof inner === 'object' && inner !== null ? inner : body;
}

/** Reads `field` of an error object when it is a string. */
export function stringField(error: unknown, field: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** Reads `field` of an error object when it is a finite number (a status, a retry delay). */
export function numberField(error: unknown, field: string): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
