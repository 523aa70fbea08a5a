import { findInCauses } from './find-in-causes.js';

/** The codes of a connection that timed out before any answer: undici's connect timeout, and the system's. */
const connectTimeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/**
 * Whether `cause` (fetch's rejection) is a connection that timed out before any answer came: undici's
 * `ConnectTimeoutError` (`fetch failed`, caused by `Connect Timeout Error`, 10 s by default) or the system's
 * `ETIMEDOUT`. groq-sdk throws `APIConnectionTimeoutError` for these, so code that catches that class for a
 * timeout must get it here too, though the client's own `timeout` did not fire.
 */
export function isConnectTimeout(cause: unknown): boolean {
  return findInCauses(cause, (error) => {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && connectTimeoutCodes.has(code) ? true : undefined;
  }) === true;
}
