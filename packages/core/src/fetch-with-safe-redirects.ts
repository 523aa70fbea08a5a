import { cutShort } from './excerpt.js';
import type { LogLine } from './logger.js';
import { redirectedRequest } from './redirected-request.js';

type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** The statuses that redirect (with a `location` to follow). */
export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;
// Fetch functions that answered a `'manual'` request with an opaque redirect (browsers): each request
// through them goes out with `'follow'` from then on, rather than being sent twice whenever it is redirected.
const hidesRedirects = new WeakSet<FetchFunction>();
// Responses reached after a redirect to another origin, which no credential followed, and where they came from.
const withoutCredentials = new WeakMap<Response, string>();
// The failures thrown here for redirects that cannot be followed: see isRedirectFailure.
const redirectFailures = new WeakSet<object>();

/**
 * Whether `error` is {@link fetchWithSafeRedirects}'s failure for redirects it could not follow (more than 20,
 * or a `location` that is empty, not a URL, not http(s), or holds a user name or password) or was told not to
 * (`redirect: 'error'`). The server did answer then, with the same redirects on every try: no "got no
 * response", and no retry.
 */
export function isRedirectFailure(error: unknown): error is TypeError & { cause: Error } {
  return typeof error === 'object' && error !== null && redirectFailures.has(error);
}

/** What to do about {@link isRedirectFailure}'s failure. */
export const redirectFailureAdvice =
  'Check baseURL (it should be the address that answers, not one that redirects) and the configuration of any proxy or gateway in between';

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
 * credential). `init.redirect` set to `'manual'` is passed to fetch unchanged. `'error'` goes to fetch as
 * `'manual'`, and a redirect that comes back fails here, saying where it led: fetch's own refusal reads as a
 * network failure (`fetch failed: unexpected redirect` in Node, `Failed to fetch` in a browser). Where fetch
 * hides redirects (`'manual'` gives an opaque response in browsers), the request is sent again with
 * `'follow'` and the browser's own rules apply; later requests through the same `fetch` go out with
 * `'follow'` at once. `onRedirect` hears of each hop before it is sent, with its method and URL, so that
 * whatever fails afterwards can name the request that was sent last (a `POST` that a 303 made a `GET`).
 * Where the runtime followed, it hears once, after the answer, of the last URL when that has another origin
 * or path, with the method `undefined`: the runtime chose it and does not say which.
 *
 * A response whose status is outside HTTP's 100–599 (undici hands on a `600`) is not valid HTTP: it fails as
 * the runtime's HTTP parser fails, with a cause whose `code` is `HPE_INVALID_STATUS`.
 *
 * @throws `TypeError('fetch failed', { cause })`, as fetch does, for more than 20 redirects (the cause names the
 *   last hop's URLs, and says when it led back to one visited before), a `location` that is empty, not a URL,
 *   not http(s) or holds a user name or password, or a redirect under `redirect: 'error'`:
 *   {@link isRedirectFailure} tells these apart. The same for a
 *   status outside 100–599; and whatever fetch throws.
 */
export async function fetchWithSafeRedirects(
  fetch: FetchFunction,
  url: string,
  init: RequestInit,
  log?: LogLine,
  onRedirect?: (method: string | undefined, url: URL) => void,
): Promise<Response> {
  if (init.redirect === 'manual') return httpStatusChecked(await fetch(url, init));
  if (init.redirect === 'error') return refusingRedirects(fetch, new URL(url), init);
  if (hidesRedirects.has(fetch)) return httpStatusChecked(await followed(fetch, new URL(url), init, onRedirect));
  let current = new URL(url);
  let hop: RequestInit = { ...init, redirect: 'manual' };
  let droppedCredentials = false;
  // Origin and path of each URL sent to, to tell a loop from a long chain.
  const visited = new Set([placeOf(current)]);
  for (let redirects = 0; ; redirects++) {
    const response = httpStatusChecked(await fetch(current.href, hop));
    if (response.type === 'opaqueredirect') {
      hidesRedirects.add(fetch);
      return httpStatusChecked(await followed(fetch, current, hop, onRedirect));
    }
    const location = response.headers.get('location');
    if (!redirectStatuses.has(response.status) || location === null) {
      if (droppedCredentials) withoutCredentials.set(response, current.origin);
      // As fetch says of an answer it followed redirects to: `withResponse()` hands this one on.
      if (redirects > 0) Object.defineProperty(response, 'redirected', { value: true });
      return response;
    }
    // Nothing of a redirect's body is used, and leaving it unread would hold its connection.
    await response.body?.cancel().catch(ignore);
    // Aborted meanwhile (a fetch that ignores its signal answered late): no further request.
    if (init.signal?.aborted) throw init.signal.reason;
    const next = redirectTarget(response.status, location, current);
    if (redirects >= maxRedirects) {
      const loop = visited.has(placeOf(next)) ? `, which it had been sent to before: a redirect loop` : '';
      throw redirectFailure(`The server redirected the request more than ${maxRedirects} times, the last time (${response.status}) from ${quotedPlace(current)} to ${quotedPlace(next)}${loop}.`);
    }
    visited.add(placeOf(next));
    const { method, headers, keepsBody } = redirectedRequest(response.status, hop.method ?? 'GET', new Headers(hop.headers), current, next);
    const crossOrigin = next.origin !== current.origin;
    log?.('debug', `redirected (${response.status}) to ${quotedPlace(next)}${crossOrigin ? ', another origin: sending no credentials there' : ''}`);
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

/**
 * `redirect: 'error'`: fetch's own refusal is a `TypeError` that reads as a network failure, so the client
 * would retry it and say that no response came. Sent as `'manual'` instead, a redirect fails here as one that
 * cannot be followed, saying where it led (in a browser, whose answer to `'manual'` is opaque, only that it
 * was a redirect). Nothing is sent to the redirect's target.
 */
async function refusingRedirects(fetch: FetchFunction, url: URL, init: RequestInit): Promise<Response> {
  const response = httpStatusChecked(await fetch(url.href, { ...init, redirect: 'manual' }));
  const opaque = response.type === 'opaqueredirect';
  const location = response.headers.get('location');
  if (!opaque && (!redirectStatuses.has(response.status) || location === null)) return response;
  await response.body?.cancel().catch(ignore);
  const refused = "which redirect: 'error' (in fetchOptions) refuses";
  if (opaque || location === null) throw redirectFailure(`The server answered ${quotedPlace(url)} with a redirect, ${refused}.`);
  const next = redirectTarget(response.status, location, url);
  throw redirectFailure(`The server answered ${quotedPlace(url)} with a redirect (${response.status}) to ${quotedPlace(next)}, ${refused}.`);
}

function redirectTarget(status: number, location: string, base: URL): URL {
  // fetch reads an empty location as the same URL, and would go round 20 times: no server means that.
  if (location.trim() === '') throw redirectFailure(`The server answered ${quotedPlace(base)} with a redirect (${status}) whose location header is empty.`);
  let next: URL;
  try {
    next = new URL(location, base);
  } catch (cause) {
    throw redirectFailure(`The server answered ${quotedPlace(base)} with a redirect (${status}) to a location that is not a URL.`, cause);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw redirectFailure(`The server answered ${quotedPlace(base)} with a redirect (${status}) to a ${next.protocol} URL, which is not HTTP.`);
  }
  // As fetch: a request cannot be made to such a URL. Said here so that no message quotes the URL.
  if (next.username !== '' || next.password !== '') {
    throw redirectFailure(`The server answered ${quotedPlace(base)} with a redirect (${status}) to a URL with a user name or password in it (${quotedPlace(next)}).`);
  }
  return next;
}

/** fetch's failure (`TypeError('fetch failed')`) for a redirect that cannot be followed, known to {@link isRedirectFailure}. */
function redirectFailure(reason: string, cause?: unknown): TypeError {
  const error = new TypeError('fetch failed', { cause: new Error(reason, cause === undefined ? undefined : { cause }) });
  redirectFailures.add(error);
  return error;
}

/**
 * `response`, unless its status is outside HTTP's 100–599: node:http's parser refuses such a status line, undici
 * hands it on (a `600`). Refused here the same way, as an answer that is not valid HTTP (llhttp's code for a
 * status it cannot read), so that both transports fail alike.
 */
function httpStatusChecked(response: Response): Response {
  // An opaque answer (a browser's) has status 0 and says nothing.
  if (response.type === 'opaqueredirect' || response.type === 'opaque' || (response.status >= 100 && response.status <= 599)) return response;
  void response.body?.cancel().catch(ignore);
  const cause = Object.assign(new RangeError(`The server answered with status ${response.status}, outside HTTP's 100–599.`), { code: 'HPE_INVALID_STATUS' });
  throw new TypeError('fetch failed', { cause });
}

/** Origin and path only: a query may carry a secret, and a log line or an error message must not. */
function placeOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * {@link placeOf} for a message, quoted as the request note quotes a path (`cutShort`: redacted, then cut at 200
 * characters): a location is the server's, and may be as long as its header (16 KB in Node). Its controls need no
 * escaping (the URL parser percent-encodes them), which `cutShort` then leaves as they are.
 */
export function quotedPlace(url: URL): string {
  return cutShort(placeOf(url), 200);
}

function ignore(): void {}
