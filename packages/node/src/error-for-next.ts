/**
 * What the Express relay hands `next` for a failure of the app's: the error itself, or an Error standing for a
 * value that Express does not take for an error. `next()` with a falsy value (`undefined`, `null`, `0`, `''`)
 * runs the next handler as if nothing failed, `next('route')` skips to the next route and `next('router')`
 * leaves the router: a `prepare` that rejected with nothing (`Promise.reject()`, a callback's `reject()`) had
 * its request answered by whatever came next (a 404, another route for the path), and the app's error handler
 * never saw the failure. Express 5 makes an Error of a handler's promise rejected with nothing, for the same
 * reason. The value is kept as `cause`, and quoted: it can only be one of those few, none a secret.
 */
export function errorForNext(error: unknown): unknown {
  if (error && error !== 'route' && error !== 'router') return error;
  const shown = typeof error === 'string' ? JSON.stringify(error) : String(error);
  return new Error(
    `createChatStreamMiddleware: the chat request failed with ${shown}, not an Error, from the app's own code (the client or prepare option): next() would take it for no failure, or for a skip to another route. Throw an Error there.`,
    { cause: error },
  );
}
