// fetch drops only `authorization` (and cookies) when a redirect leads to another origin, a rule of 2022
// that older implementations lack; a key may as well be in `x-api-key` or a gateway's own header. So
// another origin gets only the headers that describe the request, none that could prove who sent it.
const keptAcrossOrigins = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'content-length', 'user-agent']);
const bodyHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/** The request to send to a redirect's target; see {@link redirectedRequest}. */
export interface RedirectedRequest {
  /** The method: `GET` where fetch turns the request into one, the same method otherwise. */
  method: string;
  /** The headers to send there (a new `Headers`; the ones given are left as they were). */
  headers: Headers;
  /** Whether the body goes along: not when the request became a `GET`. */
  keepsBody: boolean;
}

/**
 * How a request changes when it follows a redirect: as fetch changes it (303, and 301 or 302 after a POST,
 * become a GET without a body or the headers that describe one), except that a redirect to another origin
 * (host, port or scheme) keeps only `accept`, `accept-encoding`, `accept-language`, `content-type`,
 * `content-length` and `user-agent`, never a credential. The one rule of this SDK's client and of
 * `@groq-stream/node`'s `createNodeHttpFetch`.
 *
 * @param status - The redirect's status (301, 302, 303, 307 or 308).
 * @param method - The method of the request that was redirected.
 * @param headers - Its headers.
 * @param from - Its URL.
 * @param to - Where the redirect leads.
 */
export function redirectedRequest(status: number, method: string, headers: Headers | Record<string, string>, from: URL, to: URL): RedirectedRequest {
  const upper = method.toUpperCase();
  const toGet = status === 303 ? upper !== 'GET' && upper !== 'HEAD' : (status === 301 || status === 302) && upper === 'POST';
  const next = new Headers(headers);
  if (toGet) for (const name of bodyHeaders) next.delete(name);
  if (to.origin !== from.origin) for (const name of [...next.keys()]) if (!keptAcrossOrigins.has(name)) next.delete(name);
  return { method: toGet ? 'GET' : method, headers: next, keepsBody: !toGet };
}
