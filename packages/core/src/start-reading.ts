/**
 * `items`, with its first `next()` called now, for a `Stream` method whose code is still loading (see
 * `lazyModule`): the upstream is then read from the moment the loaded method would have read it, not once the
 * code has come. A body that fails drops the bytes it still holds, so a server that sends a few chunks and drops
 * the connection at once (a crash, a proxy's cut) lost them all when the first read came only after the load,
 * where the loaded method showed them before the error. The first `next()` of what this returns hands out that
 * read; every later one is `items`' own.
 */
export function startReading<T>(items: AsyncIterator<T>): AsyncIterator<T> {
  let first: Promise<IteratorResult<T>>;
  try {
    first = Promise.resolve(items.next());
  } catch (error) {
    // Where the loaded method would have met it: in its first `next()`.
    first = Promise.reject(error);
  }
  // An upstream that fails while the code loads is no unhandled rejection: the first `next()` still gets it.
  first.catch(() => undefined);
  let started: Promise<IteratorResult<T>> | undefined = first;
  return {
    // Not a `next` that replaces itself: `for await` keeps the one it found first.
    next: () => {
      const result = started ?? items.next();
      started = undefined;
      return result;
    },
    return: (value?: unknown) => items.return?.(value) ?? Promise.resolve({ value: undefined, done: true }),
  };
}
