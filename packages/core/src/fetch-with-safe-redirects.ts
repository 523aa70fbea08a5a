import type { LogLine } from './logger.js';
import { redirectedRequest } from './redirected-request.js';

type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;
// Fetch functions that answered a `'manual'` request with an opaque redirect (browsers): each request
// through them goes out with `'follow'` from then on, rather than being sent twice whenever it is redirected.
const hidesRedirects = new WeakSet<FetchFunction>();
// Responses reached after a redirect to another origin, which no credential followed, and where they came from.
const withoutCredentials = new WeakMap<Response, string>();

/**
 * The origin `response` came from when a redirect to another origin led there, so that its request carried
 * no credential (a 401 then says nothing about the key); `undefined` otherwise.
 */
export function credentialsDroppedAt(response: Response): string | undefined {
  return withoutCredentials.get(response);
}

/**
 * `fetch(url, init)`, with redirects followed here rather than by the runtime: up to 20, each hop changed as
 * {@link redirectedRequest} says (as fetch changes it, except that a hop to another origin carries no
 * credential). `init.redirect` set to `'manual'` or `'error'` is passed to fetch unchanged. Where fetch
 * hides redirects (`'manual'` gives an opaque response in browsers), the request is sent again with
 * `'follow'` and the browser's own rules apply; later requests through the same `fetch` go out with
 * `'follow'` at once. `onRedirect` hears of each hop before it is sent, with its method and URL, so that
 * whatever fails afterwards can name the request that was sent last (a `POST` that a 303 made a `GET`).
 * Where the runtime followed, it hears once, after the answer, of the last URL when that has another origin
 * or path, with the method `undefined`: the runtime chose it and does not say which.
 *
 * @throws `TypeError('fetch failed', { cause })`, as fetch does, for too many redirects or a `location`
 *   that is not an http(s) URL or holds a user name or password; and whatever fetch throws.
 */
export async function fetchWithSafeRedirects(
  fetch: FetchFunction,
  url: string,
  init: RequestInit,
  log?: LogLine,
  onRedirect?: (method: string | undefined, url: URL) => void,
): Promise<Response> {
  if (init.redirect === 'manual' || init.redirect === 'error') return fetch(url, init);
  if (hidesRedirects.has(fetch)) return followed(fetch, new URL(url), init, onRedirect);
  let current = new URL(url);
  let hop: RequestInit = { ...init, redirect: 'manual' };
  let droppedCredentials = false;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current.href, hop);
    if (response.type === 'opaqueredirect') {
      hidesRedirects.add(fetch);
      return followed(fetch, current, hop, onRedirect);
    }
    const location = response.headers.get('location');
    if (!redirectStatuses.has(response.status) || location === null) {
      if (droppedCredentials) withoutCredentials.set(response, current.origin);
      return response;
    }
    // Nothing of a redirect's body is used, and leaving it unread would hold its connection.
    await response.body?.cancel().catch(ignore);
    const next = redirectTarget(location, current);
    if (redirects >= maxRedirects) throw new TypeError('fetch failed', { cause: new Error(`More than ${maxRedirects} redirects (the last to ${where(next)}).`) });
    const { method, headers, keepsBody } = redirectedRequest(response.status, hop.method ?? 'GET', new Headers(hop.headers), current, next);
    const crossOrigin = next.origin !== current.origin;
    log?.('debug', `redirected (${response.status}) to ${where(next)}${crossOrigin ? ', another origin: sending no credentials there' : ''}`);
    hop = { ...hop, method, headers, body: keepsBody ? (hop.body ?? null) : null };
    droppedCredentials ||= crossOrigin;
    current = next;
    onRedirect?.(method, next);
  }
}

/**
 * `fetch` following redirects itself (a browser). It drops `authorization` on the way to another origin and
 * says only where the answer came from (`redirected`, `url`): enough for a 401 there to say so, and for an
 * error to name the path and origin it was redirected from.
 */
async function followed(fetch: FetchFunction, from: URL, init: RequestInit, onRedirect?: (method: undefined, url: URL) => void): Promise<Response> {
  const response = await fetch(from.href, { ...init, redirect: 'follow' });
  if (!response.redirected) return response;
  let to: URL;
  try {
    to = new URL(response.url);
  } catch {
    return response;
  }
  if (to.origin !== from.origin) withoutCredentials.set(response, to.origin);
  if (to.origin !== from.origin || to.pathname !== from.pathname) onRedirect?.(undefined, to);
  return response;
}

function redirectTarget(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch (cause) {
    throw new TypeError('fetch failed', { cause: new Error('The server redirected to a location that is not a URL.', { cause }) });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new TypeError('fetch failed', { cause: new Error(`The server redirected to a ${next.protocol} URL, which is not HTTP.`) });
  }
  // As fetch: a request cannot be made to such a URL. Said here so that no message quotes the URL.
  if (next.username !== '' || next.password !== '') {
    throw new TypeError('fetch failed', { cause: new Error(`The server redirected to a URL with a user name or password in it (${where(next)}).`) });
  }
  return next;
}

/** Origin and path only: a query may carry a secret, and a log line or an error message must not. */
function where(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function ignore(): void {}
