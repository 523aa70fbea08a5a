/**
 * Why the client stopped retrying a request with retries left, as the end of two sentences: `first` after
 * "Not retried: " (the first try failed so), `then` after "It was tried N times (maxRetries: M); then " (a
 * retry did).
 */
export interface StopReason {
  first: string;
  then: string;
}

/** The server answered `x-should-retry: false`. */
export const serverSaidNo: StopReason = {
  first: 'the server said not to (x-should-retry: false)',
  then: 'the server said not to retry (x-should-retry: false)',
};

/** A proxy refused to open the tunnel (407, 403): it refuses every try alike. */
export const proxyRefuses: StopReason = {
  first: 'the proxy would refuse it again',
  then: 'the proxy refused the tunnel, as it would on every try',
};

/** Redirects that cannot be followed (a loop, a location that is empty, none, not http(s)): the same on every try. */
export const redirectsNowhere: StopReason = {
  first: 'the server would redirect the same way again',
  then: 'the server answered with a redirect that cannot be followed, as it would on every try',
};

/** The server asked to wait longer than the client waits before a retry (see `longServerWait`). */
export function waitTooLong(wait: { ms: number; header: string }, longestMs: number): StopReason {
  const words = `the server asked to wait ${Math.ceil(wait.ms / 1000)} s (${wait.header}), longer than the ${longestMs / 1000} s the client waits before a retry`;
  return { first: words, then: words };
}

/** Whether the client retried a request that failed for good, and how often, for the error's advice. */
export function triesNote(retriesSoFar: number, maxRetries: number): string {
  return maxRetries === 0 ? 'Retries were off (maxRetries: 0).' : `It was tried ${retriesSoFar + 1} times (maxRetries: ${maxRetries}).`;
}

/**
 * What the error's advice says of retries when `reason` (if any) stopped them. The reason is named only when
 * it is why the client stopped: with retries off or used up it changed nothing, and "Not retried: the proxy
 * would refuse it again" after `maxRetries: 0` would blame the proxy for what the caller chose.
 */
export function retriesNote(retriesSoFar: number, maxRetries: number, reason?: StopReason): string {
  if (reason === undefined || retriesSoFar >= maxRetries) return triesNote(retriesSoFar, maxRetries);
  if (retriesSoFar === 0) return `Not retried: ${reason.first}.`;
  return `It was tried ${retriesSoFar + 1} times (maxRetries: ${maxRetries}); then ${reason.then}.`;
}
