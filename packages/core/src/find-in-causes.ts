/**
 * The first value `pick` finds in `error` or its chain of causes (`fetch failed`, caused by the socket's or the
 * proxy's error, ...), or `undefined`. A few levels only: the runtimes' chains are two or three long, and a
 * cycle or a deep chain is none of theirs. A cause whose getters throw says nothing.
 */
export function findInCauses<T>(error: unknown, pick: (error: object) => T | undefined): T | undefined {
  try {
    let current = error;
    for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
      const found = pick(current);
      if (found !== undefined) return found;
      current = (current as { cause?: unknown }).cause;
    }
  } catch {
    // Nothing to find in a value that cannot be looked at.
  }
  return undefined;
}
