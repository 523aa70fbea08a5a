/**
 * The caller's signals: one `abort` listener each, whatever the number of requests that share it. Node 20
 * warns ("MaxListenersExceededWarning: Possible EventTarget memory leak detected") past ten listeners on
 * one signal, which an app passing its shutdown signal, say, to every request would hit with no leak at all;
 * on any runtime, each dispatch would walk a list as long as the requests in flight.
 */
const subscribers = new WeakMap<AbortSignal, { listeners: Set<() => void>; dispatch: () => void }>();

/**
 * Calls `listener` once when `signal` aborts, through the one `abort` listener kept on each signal, whatever
 * the number of callers: for relays that follow one long-lived signal (a shutdown signal, say) per response,
 * where one listener each would make Node 20 warn of a leak past ten concurrent responses. As with
 * `addEventListener`, a signal that has aborted already calls nothing, and a listener that throws does not stop
 * the others: its error is reported as an event listener's is (`reportError`, or uncaught where there is none).
 *
 * @returns A function that stops listening (and takes that one listener off once nobody else listens). Call
 *   it when the response is done, so that the signal does not keep `listener`.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  const { listeners, dispatch } = subscribers.get(signal) ?? subscribe(signal);
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    signal.removeEventListener('abort', dispatch);
    if (subscribers.get(signal)?.listeners === listeners) subscribers.delete(signal);
  };
}

/**
 * The one listener on `signal` and the set it calls. Made outside `onAbort`: `dispatch`, which every
 * subscriber's stop function holds, would otherwise hold the scope of the call that made it, and with it that
 * caller's listener, for as long as anyone listens.
 */
function subscribe(signal: AbortSignal): { listeners: Set<() => void>; dispatch: () => void } {
  const listeners = new Set<() => void>();
  const dispatch = (): void => {
    subscribers.delete(signal);
    // One listener that throws must not keep the others (a relay's upstream abort, say) from running: each
    // is called on its own and its error reported as an event listener's would be.
    for (const each of listeners) {
      try {
        each();
      } catch (error) {
        reportListenerError(error);
      }
    }
    // Called, so no longer needed: the stop functions live on in their callers (node's body reader, which a
    // FinalizationRegistry keeps until its body is garbage), and through this set each of them would keep
    // every other listener of the signal and what it holds: that body too, for good.
    listeners.clear();
  };
  const entry = { listeners, dispatch };
  subscribers.set(signal, entry);
  signal.addEventListener('abort', dispatch, { once: true });
  return entry;
}

/** Reports an error thrown by a listener as `EventTarget` does: `reportError` where it exists, else uncaught. */
function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
