/**
 * Longest wait a server may ask for that the client waits before a retry, in milliseconds. A longer one is not
 * retried at all (see {@link longServerWait}): the error comes at once, with the wait in its `retryAfterMs`.
 */
export const maxServerRetryDelayMs = 60_000;
const initialRetryDelayMs = 500;
const maxRetryDelayMs = 8_000;

/**
 * Whether a failed response is worth another try: the server's `x-should-retry` decides when present;
 * otherwise timeouts (408), conflicts (409), rate limits (429), Groq's flex-tier capacity (498) and server
 * errors (>= 500).
 */
export function shouldRetry(response: Response): boolean {
  const explicit = response.headers.get('x-should-retry');
  if (explicit === 'true') return true;
  if (explicit === 'false') return false;
  return isRetriedStatus(response.status);
}

/** Whether the client retries `status` when the server does not say (`x-should-retry`): 408, 409, 429, 498 and 5xx. */
export function isRetriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status === 498 || (status >= 500 && status <= 599);
}

/**
 * How long to wait before retry number `retriesSoFar + 1`: what the server asked for (`retry-after-ms`,
 * then `retry-after` in seconds or as an HTTP date) when it is between 0 and 60 s; otherwise exponential
 * backoff from 0.5 s, doubling, capped at 8 s, with up to 25 % jitter so that clients do not retry in step.
 * The client itself does not retry a response that asks for more than 60 s: its error comes at once, the wait in
 * `retryAfterMs`; a retry loop of your own should stop there too, not take this backoff.
 */
export function retryDelayMs(retriesSoFar: number, headers?: Headers, now = Date.now(), random = Math.random): number {
  return retryDelayFor(retriesSoFar, serverWait(headers, now), random);
}

/** {@link retryDelayMs} for the wait a response asked for, read already ({@link serverWait}). */
export function retryDelayFor(retriesSoFar: number, asked: ServerWait | undefined, random = Math.random): number {
  if (asked !== undefined && asked.ms >= 0 && asked.ms <= maxServerRetryDelayMs) return asked.ms;
  const backoff = Math.min(initialRetryDelayMs * 2 ** retriesSoFar, maxRetryDelayMs);
  return backoff * (1 - random() * 0.25);
}

/**
 * The wait a response asked for ({@link serverWait}) when it is longer than the client waits before a retry (60 s);
 * `undefined` for a shorter wait or none. A retry on the client's own schedule would come
 * long before the server said it may (a daily limit of Groq's asks for minutes or hours), meet the same
 * refusal and spend the caller's retries; and a call that waited hours would look hung. So the client does not
 * retry then: the caller gets the error at once and decides, its `retryAfterMs` saying how long.
 */
export function longServerWait(wait: ServerWait | undefined): ServerWait | undefined {
  return wait !== undefined && wait.ms > maxServerRetryDelayMs ? wait : undefined;
}

// A decimal number as HTTP headers write one: digits, maybe a fraction; no sign, exponent or hex.
const decimal = /^\d+(\.\d+)?$/;

/** A wait a response asks for, in milliseconds, and the header that asked for it. */
export interface ServerWait {
  ms: number;
  header: 'retry-after-ms' | 'retry-after';
}

/**
 * The wait a response asks for: `retry-after-ms` (a decimal number), else `retry-after` as seconds or an HTTP
 * date; `undefined` when neither is there or well-formed (`0x10`, `1e1`, `5s`).
 */
export function serverWait(headers: Headers | undefined, now = Date.now()): ServerWait | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds !== undefined && decimal.test(milliseconds)) return { ms: Number(milliseconds), header: 'retry-after-ms' };
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  // Seconds: whole by the standard; a decimal fraction is read too, as other clients do.
  if (decimal.test(retryAfter)) return { ms: Number(retryAfter) * 1000, header: 'retry-after' };
  // Only an HTTP date has letters and a comma or spaces; Date.parse would also take "5" or "2026".
  if (!/^[A-Za-z]{3,9},? /.test(retryAfter)) return undefined;
  // An HTTP date is in GMT, and its asctime form (`Sun Nov  6 08:49:37 1994`) names no zone, which Date.parse
  // would read as local time: hours off wherever the process does not run on UTC.
  const date = Date.parse(/\b(?:GMT|UTC?)\b|[+-]\d{4}$/i.test(retryAfter) ? retryAfter : `${retryAfter} GMT`);
  return Number.isNaN(date) ? undefined : { ms: date - now, header: 'retry-after' };
}
