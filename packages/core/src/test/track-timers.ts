/** A tracked timer that has neither fired nor been cleared yet. */
export interface PendingTimer {
  /** `setTimeout` or `setInterval`. */
  kind: 'timeout' | 'interval';
  /** The delay it was set with. */
  ms: number;
  /** The stack frame that set it, to name the leak in a failed assertion. */
  setBy: string;
}

/** What {@link trackTimers} gives. */
export interface TrackedTimers {
  /** The tracked timers still pending. */
  pending(): PendingTimer[];
  /** Puts the global timer functions back. */
  stop(): void;
}

/**
 * Wraps the global `setTimeout` and `setInterval` to keep the timers set by code whose calling stack frame
 * matches `caller` (a path in its source, say), until they fire or are cleared: for tests that prove a stream
 * leaves no timer behind however it ends. Fake timers would also stop the real sockets and servers that such
 * tests run on, and the timers of everything else in the process (a test runner, a server) are left out.
 * Only code that calls the global functions at the time of the call is seen. Call `stop()` when done.
 *
 * @example
 * const timers = trackTimers(/\/my-library\/src\//);
 * // ... end a stream some way
 * await eventually(() => timers.pending().length === 0);
 * timers.stop();
 */
export function trackTimers(caller: RegExp): TrackedTimers {
  const { setTimeout, setInterval, clearTimeout, clearInterval } = globalThis;
  const pending = new Map<unknown, PendingTimer>();
  const setByCaller = (): string | undefined => {
    // [0] "Error", [1] this function, [2] the wrapper, [3] its caller.
    const frame = new Error().stack?.split('\n')[3];
    return frame !== undefined && caller.test(frame) ? frame.trim() : undefined;
  };
  // Node's timers are objects whose number is their id, which the clear functions also take.
  const keyOf = (timer: unknown): unknown => (typeof timer === 'object' && timer !== null ? Number(timer) : timer);
  const forget = (timer: unknown): void => void pending.delete(keyOf(timer));
  Object.assign(globalThis, {
    setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
      const setBy = setByCaller();
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
      const setBy = setByCaller();
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
