const done = { value: undefined, done: true } as const;

/**
 * Splits one async iterator into two that each see every item. A branch that is ahead pulls from the
 * source; items wait in the other branch's buffer until it reads them, so a branch that is never read
 * buffers the whole stream. A branch that leaves (`break`) drops its buffer at once; when both have
 * left, the source is returned (its connection released).
 */
export function teeIterator<T>(source: AsyncIterator<T>): [AsyncIterator<T>, AsyncIterator<T>] {
  const buffers: (T[] | undefined)[] = [[], []];
  const heads = [0, 0];
  let ended: { error: unknown } | { error?: never } | undefined;
  let pulling: Promise<void> | undefined;

  const pull = (): Promise<void> =>
    (pulling ??= source.next().then(
      (result) => {
        pulling = undefined;
        if (result.done) ended = {};
        else for (const buffer of buffers) buffer?.push(result.value);
      },
      (error: unknown) => {
        pulling = undefined;
        ended = { error };
      },
    ));

  const branch = (index: 0 | 1): AsyncIterator<T> => ({
    async next() {
      for (;;) {
        const buffer = buffers[index];
        if (buffer === undefined) return done;
        const head = heads[index] as number;
        if (head < buffer.length) {
          const value = buffer[head] as T;
          // Compact now and then, so a long-lived buffer does not keep every item it ever held.
          if (head + 1 === buffer.length) {
            buffer.length = 0;
            heads[index] = 0;
          } else if (head >= 1024) {
            buffer.splice(0, head + 1);
            heads[index] = 0;
          } else {
            heads[index] = head + 1;
          }
          return { value, done: false };
        }
        if (ended !== undefined) {
          if ('error' in ended) throw ended.error;
          return done;
        }
        await pull();
      }
    },
    async return() {
      buffers[index] = undefined;
      if (buffers[0] === undefined && buffers[1] === undefined && ended === undefined) {
        ended = {};
        await source.return?.();
      }
      return done;
    },
  });

  return [branch(0), branch(1)];
}
