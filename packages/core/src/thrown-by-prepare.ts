/**
 * What the app's `prepare` option threw in a relay (see `createChatRelayRequest`), held weakly. A
 * `GroqError` among them is the app's own failure (a bad `ChatRequestError`, the app's own check), not a
 * client that is not set up: `relayErrorResponse` answers it so, with the error itself unchanged for the
 * relay's log and Express's error handler.
 */
const thrown = new WeakSet<object>();

/** Notes that the app's `prepare` threw `error` (a thrown primitive needs no note: it is never a `GroqError`). */
export function markThrownByPrepare(error: unknown): void {
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') thrown.add(error);
}

/** Whether the app's `prepare` threw `error` (see {@link markThrownByPrepare}). */
export function isThrownByPrepare(error: unknown): boolean {
  return ((typeof error === 'object' && error !== null) || typeof error === 'function') && thrown.has(error);
}
