/** A timer that the library set and that has neither fired nor been cleared yet. */
export interface PendingTimer {
  kind: 'timeout' | 'interval';
  ms: number;
  /** The library frame that set it, to name the leak in a failed assertion. */
  setBy: string;
}

/** What {@link trackOurTimers} gives. */
export interface OurTimers {
  /** Timers set by the library and still pending. */
  pending(): PendingTimer[];
  /** Puts the global timer functions back. */
  stop(): void;
}

// The library's own code, not its tests or test helpers; a stack names core's and web's builds by their
// sources, through the source maps.
const ours = /\/packages\/(core|node|web)\/(src|dist)\/(?!test\/)[^/]+(?<!\.test)\.(js|ts):/;

/**
 * Wraps the global `setTimeout` and `setInterval` to keep the timers that the library's own code sets (the
 * frame that calls them is in core, node or web, not in a test helper, Node itself or the mock server, which
 * runs in the same process), until they fire or are cleared. Fake timers would also stop the real sockets,
 * and the mock's pacing, that the scenarios run on.
 */
export function trackOurTimers(): OurTimers {
  const { setTimeout, setInterval, clearTimeout, clearInterval } = globalThis;
  const pending = new Map<unknown, PendingTimer>();
  const setByUs = (): string | undefined => {
    // [0] "Error", [1] this function, [2] the wrapper, [3] the caller.
    const caller = new Error().stack?.split('\n')[3];
    return caller !== undefined && ours.test(caller) ? caller.trim() : undefined;
  };
  const keyOf = (timer: unknown): unknown => (typeof timer === 'object' && timer !== null ? Number(timer) : timer);
  const forget = (timer: unknown): void => void pending.delete(keyOf(timer));
  Object.assign(globalThis, {
    setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
      const setBy = setByUs();
      if (setBy === undefined) return setTimeout(callback, ms, ...args);
      const timer = setTimeout(
        (...rest: unknown[]) => {
          forget(timer);
          callback(...rest);
        },
        ms,
        ...args,
      );
      pending.set(keyOf(timer), { kind: 'timeout', ms: ms ?? 0, setBy });
      return timer;
    },
    setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
      const setBy = setByUs();
      const timer = setInterval(callback, ms, ...args);
      if (setBy !== undefined) pending.set(keyOf(timer), { kind: 'interval', ms: ms ?? 0, setBy });
      return timer;
    },
    clearTimeout(timer: Parameters<typeof clearTimeout>[0]) {
      forget(timer);
      clearTimeout(timer);
    },
    clearInterval(timer: Parameters<typeof clearInterval>[0]) {
      forget(timer);
      clearInterval(timer);
    },
  });
  return {
    pending: () => [...pending.values()],
    stop: () => void Object.assign(globalThis, { setTimeout, setInterval, clearTimeout, clearInterval }),
  };
}
