import { redactSecrets } from './redact-secrets.js';

// Groq's ids are `req_` and base-32; proxies use UUIDs or base64. Anything else (spaces, quotes, an
// echoed header) is not an id and is not passed on: a hostile or confused server could put a key there.
const requestIdShape = /^[\w.:+/=-]{1,200}$/;

/**
 * Whether `value` looks like a request id, fit to show in an error, a log line or a browser's headers: an
 * id's shape, and no key in it (a key has an id's shape too).
 */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && requestIdShape.test(value) && redactSecrets(value) === value;
}

/**
 * Groq's request id from a response, when it has one that looks like a request id: a relay's
 * `x-groq-request-id` first (its `x-request-id` may be the app's own), else `x-request-id`, Groq's own header.
 */
export function requestIdFrom(headers: Headers | null | undefined): string | undefined {
  const relayed = headers?.get('x-groq-request-id');
  if (isRequestId(relayed)) return relayed;
  const value = headers?.get('x-request-id');
  return isRequestId(value) ? value : undefined;
}
