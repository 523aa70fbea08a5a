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

/** The response's `x-request-id`, when it has one that looks like a request id. */
export function requestIdFrom(headers: Headers | null | undefined): string | undefined {
  const value = headers?.get('x-request-id');
  return isRequestId(value) ? value : undefined;
}
