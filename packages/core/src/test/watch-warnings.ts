/** What {@link watchWarnings} gives. */
export interface WatchedWarnings {
  /**
   * The warnings reported so far named `name` (all of them without it). Waits one turn of the event loop
   * first: Node reports a warning on the tick after the code that caused it, so one caused just before the
   * call is in the list.
   */
  reported(name?: string): Promise<Error[]>;
  /** Stops watching. */
  stop(): void;
}

/** The part of Node's `process` used here, typed here since core's types are web-only. */
interface WarningEvents {
  on: (event: 'warning', listener: (warning: Error) => void) => unknown;
  off: (event: 'warning', listener: (warning: Error) => void) => unknown;
}

/**
 * Collects the warnings that the process reports (its `'warning'` event), such as the
 * `MaxListenersExceededWarning` that Node gives for an eleventh listener on one emitter: for tests that prove
 * code leaves no listener behind however many times it runs, where such a leak only warns. Node warns of an
 * `AbortSignal`'s eleventh listener in Node 20 only, not in 22 or 24: count a signal's listeners instead
 * (`getEventListeners(signal, 'abort')` from `node:events`, or `countedSignal()` from here). Needs Node's `process`
 * (Node, Bun, Deno): elsewhere, an edge runtime say, it throws. Call `stop()` when done.
 *
 * @example
 * const warnings = watchWarnings();
 * // Eleven requests over one kept-alive connection: a listener left on its socket by each would warn.
 * for (let round = 0; round < 11; round++) await oneRequest(agent);
 * expect(await warnings.reported('MaxListenersExceededWarning')).toEqual([]);
 * warnings.stop();
 */
export function watchWarnings(): WatchedWarnings {
  const events = (globalThis as { process?: Partial<WarningEvents> }).process;
  if (typeof events?.on !== 'function' || typeof events.off !== 'function') {
    throw new TypeError("watchWarnings() needs Node's process and its 'warning' event, which this runtime lacks: run the test in Node (a *.node.test.ts file).");
  }
  const { on, off } = events as WarningEvents;
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning);
  on.call(events, 'warning', onWarning);
  return {
    async reported(name) {
      // Node emits the event on process.nextTick, which runs before any timer.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return warnings.filter((warning) => name === undefined || warning.name === name);
    },
    stop: () => void off.call(events, 'warning', onWarning),
  };
}
