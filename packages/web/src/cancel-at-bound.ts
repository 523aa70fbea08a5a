/** A reader to cancel at `until` (a `performance.now()` time), held weakly: once it is garbage, nothing is left to cancel. */
interface Bound {
  until: number;
  held: { deref: () => ReadableStreamDefaultReader<Uint8Array> | undefined };
}

// One clock for all the readers waiting for their bound, rather than a timer each. A timer carries the async
// context it was made in (Node's AsyncLocalStorage), and under `next start` (16.4) that context holds the request
// (Next's store for it holds its IncomingMessage): a timer made for each refused body kept each request, about
// 33 KB, until its bound, also after its client had left and its body and read were garbage otherwise. Web code
// cannot make a timer outside the context it runs in: the clock is made again by each new bound, so that it
// carries the context of the latest request to wait, one at a time, and none once no reader waits.
const waiting = new Set<Bound>();
let clock: ReturnType<typeof setTimeout> | undefined;

/**
 * Cancels `reader` at `until` (a `performance.now()` time) unless it ended first (the returned function, once it
 * has) or is garbage by then. The wait does not keep a Node process alive. On the monotonic clock, as a timer of
 * its own would wait: a wall clock set back (NTP, a VM resumed) would put the bound off by as much, and one set
 * forward would cancel the readers waiting as the next came.
 */
export function cancelAtBound(reader: ReadableStreamDefaultReader<Uint8Array>, until: number): () => void {
  // Not a closure over `reader`: `waiting` lives as long as the module, and must not hold a reader that
  // nothing else holds (a client that left: see dropRest).
  const bound: Bound = { until, held: typeof WeakRef === 'function' ? new WeakRef(reader) : strongly(reader) };
  waiting.add(bound);
  arm();
  return () => {
    waiting.delete(bound);
    if (waiting.size === 0) arm();
  };
}

/** `reader`, held strongly, where a runtime has no `WeakRef`. */
function strongly(reader: ReadableStreamDefaultReader<Uint8Array>): Bound['held'] {
  return { deref: () => reader };
}

/** Sets the clock for the earliest bound, from this context; stops it when none is left. */
function arm(): void {
  clearTimeout(clock);
  clock = undefined;
  let earliest = Infinity;
  for (const { until } of waiting) earliest = Math.min(earliest, until);
  if (earliest === Infinity) return;
  clock = setTimeout(tick, Math.max(0, earliest - performance.now()));
  (clock as { unref?: () => void }).unref?.();
}

/** Cancels the readers whose bound has come, forgets those that are garbage, and sets the clock for the next. */
function tick(): void {
  const now = performance.now();
  for (const bound of waiting) {
    const reader = bound.held.deref();
    if (reader !== undefined && bound.until > now) continue;
    waiting.delete(bound);
    try {
      reader?.cancel().catch(() => undefined);
    } catch {
      // A runtime that refuses to touch a request's body from code run for another (workerd throws so at once):
      // this clock runs in the latest waiting request's context. That body ends with its own request; the
      // others' bounds still come.
    }
  }
  arm();
}
