/** The codes of a connection that timed out before any answer: undici's connect timeout, and the system's. */
const connectTimeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/**
 * Whether `cause` (fetch's rejection) is a connection that timed out before any answer came: undici's
 * `ConnectTimeoutError` (`fetch failed`, caused by `Connect Timeout Error`, 10 s by default) or the system's
 * `ETIMEDOUT`. groq-sdk throws `APIConnectionTimeoutError` for these, so code that catches that class for a
 * timeout must get it here too, though the client's own `timeout` did not fire.
 */
export function isConnectTimeout(cause: unknown): boolean {
  try {
    let error = cause;
    // A few levels: fetch's TypeError, then the socket's error; a cycle or a deep chain is not one.
    for (let depth = 0; depth < 5 && typeof error === 'object' && error !== null; depth++) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && connectTimeoutCodes.has(code)) return true;
      error = (error as { cause?: unknown }).cause;
    }
  } catch {
    // A cause whose getters throw says nothing of a timeout.
  }
  return false;
}
