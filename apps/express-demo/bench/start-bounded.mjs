// Starting many requests at a pace the other side keeps up with (see `heldOpeningAtOnce` in run.mjs).

/**
 * Calls `start(index)` for each index from 0 to `count - 1`, at least `spacingMs` apart, and before each call
 * waits while `atOnce` of the promises already returned have not settled. Resolves, once the last call is
 * made, to the promises in order, not awaited: a rejection is the caller's to see, and frees its place as a
 * fulfilment does.
 */
export async function startBounded(count, { atOnce, spacingMs }, start) {
  const started = [];
  const unsettled = new Set();
  for (let index = 0; index < count; index++) {
    while (unsettled.size >= atOnce) await Promise.race(unsettled);
    const promise = start(index);
    started.push(promise);
    const settled = promise.then(
      () => unsettled.delete(settled),
      () => unsettled.delete(settled),
    );
    unsettled.add(settled);
    if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  return started;
}
