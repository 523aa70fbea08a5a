import { findInCauses } from './find-in-causes.js';

/**
 * The status with which a proxy refused to open a tunnel (its answer to `CONNECT`), when `cause` is that
 * failure as undici gives it: `TypeError: fetch failed`, caused by `Request was cancelled.`, caused by
 * `Proxy response (407) !== 200 when HTTP Tunneling` (undici 6 and 7, through `ProxyAgent`,
 * `EnvHttpProxyAgent` and Node's fetch with either as `dispatcher`). Its first two messages alone read as if
 * the caller had cancelled the request; the proxy's status is what says what to fix.
 */
export function proxyRefusalStatus(cause: unknown): number | undefined {
  return findInCauses(cause, (error) => {
    const message = (error as { message?: unknown }).message;
    const match = typeof message === 'string' ? /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(message) : null;
    return match === null ? undefined : Number(match[1]);
  });
}

/** What to do about a proxy's refusal with `status` (see {@link proxyRefusalStatus}). */
export function proxyRefusalAdvice(status: number): string {
  if (status === 407) {
    // Not written as a URL (`http://user:password@proxy:port`): the message is redacted, and a URL's user and
    // password read `//[redacted]@` there, the shape to follow hidden.
    return 'The proxy asks for credentials: put them in its URL in HTTPS_PROXY or HTTP_PROXY, as user:password@ before the proxy\'s host, or pass undici\'s ProxyAgent with a token as fetchOptions.dispatcher';
  }
  // 502, 503, 504: the proxy took the request but could not reach the host, or is failing itself.
  if (status >= 500) {
    return 'The proxy could not reach the host or is failing: check that the proxy (HTTPS_PROXY or HTTP_PROXY, or the dispatcher in fetchOptions) can reach it, retry later, or name the host in NO_PROXY to go around the proxy';
  }
  return 'Check that the proxy (HTTPS_PROXY or HTTP_PROXY, or the dispatcher in fetchOptions) lets this host through, or name the host in NO_PROXY to go around it';
}
