/**
 * The status with which a proxy refused to open a tunnel (its answer to `CONNECT`), when `cause` is that
 * failure as undici gives it: `TypeError: fetch failed`, caused by `Request was cancelled.`, caused by
 * `Proxy response (407) !== 200 when HTTP Tunneling` (undici 6 and 7, through `ProxyAgent`,
 * `EnvHttpProxyAgent` and Node's fetch with either as `dispatcher`). Its first two messages alone read as if
 * the caller had cancelled the request; the proxy's status is what says what to fix.
 */
export function proxyRefusalStatus(cause: unknown): number | undefined {
  try {
    let error = cause;
    // A few levels: the chain above is three long; a cycle or a deep chain is no proxy's refusal.
    for (let depth = 0; depth < 5 && typeof error === 'object' && error !== null; depth++) {
      const message = (error as { message?: unknown }).message;
      const match = typeof message === 'string' ? /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(message) : null;
      if (match !== null) return Number(match[1]);
      error = (error as { cause?: unknown }).cause;
    }
  } catch {
    // A cause whose getters throw is no proxy's refusal.
  }
  return undefined;
}

/** What to do about a proxy's refusal with `status` (see {@link proxyRefusalStatus}). */
export function proxyRefusalAdvice(status: number): string {
  if (status === 407) {
    return 'The proxy asks for credentials: put them in its URL in HTTPS_PROXY or HTTP_PROXY (http://user:password@proxy:port), or pass undici\'s ProxyAgent with a token as fetchOptions.dispatcher';
  }
  // 502, 503, 504: the proxy took the request but could not reach the host, or is failing itself.
  if (status >= 500) {
    return 'The proxy could not reach the host or is failing: check that the proxy (HTTPS_PROXY or HTTP_PROXY, or the dispatcher in fetchOptions) can reach it, retry later, or name the host in NO_PROXY to go around the proxy';
  }
  return 'Check that the proxy (HTTPS_PROXY or HTTP_PROXY, or the dispatcher in fetchOptions) lets this host through, or name the host in NO_PROXY to go around it';
}
