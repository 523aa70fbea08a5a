import { endAfterLeaving } from './end-after-leaving.js';

type Call<T> = { args: [] | [unknown]; resolve: (result: Promise<IteratorResult<T>>) => void; reject: (error: unknown) => void };

/**
 * What an iterator method of `Stream` hands out while its code is not loaded yet (see `lazyModule`): `shell`,
 * standing for the iterator `load` makes. Its own `next`, `return` and `throw` (if it has one) are replaced;
 * its original ones answer once it has ended with no iterator loaded. For `textDeltas()` it is an async
 * generator, so that what the caller gets still is one.
 *
 * The first `next()` calls `load` (at once: a method that takes the stream takes it then); the calls that come
 * while the code loads wait for it, in order; from then on every call goes straight to the loaded iterator, so
 * a loop pays for the load once, and nothing per chunk.
 * A `return()` or `throw()` before the load does not wait for it: `leave` releases what the method holds (the
 * stream's items), as the loaded iterator's `return()` would, and the `next()` calls waiting end `{ done: true }`.
 * A load that fails rejects the first `next()` with its error, after `leave`.
 */
export function lazyIterator<T, Shell extends AsyncIterator<T>>(shell: Shell, load: () => Promise<AsyncIterator<T>>, leave: () => unknown): Shell {
  const own = { next: shell.next.bind(shell), return: shell.return!.bind(shell), throw: shell.throw?.bind(shell) };
  let loaded: AsyncIterator<T> | undefined;
  let ended = false;
  // The `next()` calls waiting for the load; `undefined` until the first.
  let waiting: Call<T>[] | undefined;

  const loadFor = (first: Call<T>): void => {
    waiting = [first];
    let loading: Promise<AsyncIterator<T>>;
    try {
      loading = load();
    } catch (error) {
      // What the method throws on its first read (the stream was read already), as the loaded iterator would.
      ended = true;
      waiting = [];
      first.reject(error);
      return;
    }
    loading.then(
      (iterator) => {
        if (ended) return;
        loaded = iterator;
        for (const call of waiting!.splice(0)) call.resolve(iterator.next(...call.args));
      },
      async (error: unknown) => {
        if (ended) return;
        ended = true;
        const [call, ...others] = waiting!.splice(0);
        try {
          await leave();
        } catch {
          // The load's error is what the caller learns; a failed release has nothing to add to it.
        }
        call!.reject(error);
        for (const other of others) other.resolve(own.next());
      },
    );
  };

  // Ends the shell before the load, releasing at once; `end` is the shell's own answer to the call.
  const leaving = async <Result>(end: () => Promise<Result>): Promise<Result> => {
    if (ended) return end();
    ended = true;
    return endAfterLeaving(leave, () => {
      for (const call of waiting?.splice(0) ?? []) call.resolve(own.next());
      return end();
    });
  };

  shell.next = (...args: [] | [unknown]) => {
    if (loaded !== undefined) return loaded.next(...args);
    if (ended) return own.next();
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      const call = { args, resolve, reject };
      if (waiting === undefined) loadFor(call);
      else waiting.push(call);
    });
  };
  shell.return = (value?: unknown) => (loaded === undefined ? leaving(() => own.return(value)) : (loaded.return?.(value) ?? own.return(value)));
  if (own.throw !== undefined) {
    const ownThrow = own.throw;
    shell.throw = (error?: unknown) => (loaded === undefined ? leaving(() => ownThrow(error)) : (loaded.throw?.(error) ?? ownThrow(error)));
  }
  return shell;
}
