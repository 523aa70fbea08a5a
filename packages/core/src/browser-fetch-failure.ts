// What browsers' fetch rejects with, or errors a body with, whatever the reason: Chromium's two, Firefox's and
// Safari's. undici says `fetch failed` and keeps the reason in `cause`; a browser keeps it from the page.
const browserMessages = new Set(['Failed to fetch', 'network error', 'NetworkError when attempting to fetch resource.', 'Load failed']);

/**
 * Whether `error` is a browser's fetch failure: a `TypeError` whose message is the same whatever went wrong (a
 * refused connection, a CORS refusal, a redirect loop, a reset connection, a body that could not be decoded),
 * because the browser names the reason only in its developer console.
 */
export function isBrowserFetchFailure(error: unknown): boolean {
  try {
    return error instanceof TypeError && browserMessages.has(error.message) && (error as { cause?: unknown }).cause === undefined;
  } catch {
    return false;
  }
}

/** Advice for a request that a browser's fetch failed without a response: what the page cannot be told. */
export const browserConnectionAdvice =
  "The browser does not tell the page why; its developer console does. Check that baseURL is right and its server is up, and that the server allows this page's origin (CORS: access-control-allow-origin on the answer, and a preflight that allows the authorization and content-type headers)";

/** Advice for a body that a browser's fetch errored mid-read. */
export const browserBodyAdvice =
  'The browser does not tell the page why; its developer console does (net::ERR_…: a connection closed early, a compressed body it could not decode)';
