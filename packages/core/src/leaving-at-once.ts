import { endAfterLeaving } from './end-after-leaving.js';

/**
 * `generator`, made by `start`, whose `return()` and `throw()` release its source at once, also while a
 * `next()` is still waiting on it. An async generator queues them behind the `next()` in progress: one
 * waiting for the network (a model slow to its first token, a server that stalls) kept its connection open
 * until the next chunk came, or until the idle timeout, after the caller had left. That is how
 * `ReadableStream.from()` leaves when its reader cancels (`return()`), how Node's `Readable.from()` does when
 * destroyed (`return()`, or `throw()` when `pipeline()` destroys it because the response closed), and how a
 * caller that races `next()` against a Stop button does.
 *
 * So a `return()` or `throw()` that finds a `next()` in progress first calls `leave`, which must end the
 * source's wait (a chunk iterator's `return()`, a body reader's `cancel()`), and only then the generator's
 * own. `start` is given `hasLeft`, for the generator to end quietly on what that wait then gives (the end of
 * its source, or an error of the cancel) rather than hand it to the `next()` of a caller who has gone.
 */
export function leavingAtOnce<T>(
  start: (hasLeft: () => boolean) => AsyncGenerator<T, void, undefined>,
  leave: () => unknown,
): AsyncGenerator<T, void, undefined> {
  let left = false;
  let inProgress = 0;
  const generator = start(() => left);
  // Own properties over the generator's methods, rather than an object of our own: what the caller gets is
  // still an async generator (its prototype, `Object.prototype.toString`), as the public type says.
  const next = generator.next.bind(generator);
  const ownReturn = generator.return.bind(generator);
  const ownThrow = generator.throw.bind(generator);
  const settled = (): void => void inProgress--;
  generator.next = (...args: Parameters<typeof next>) => {
    inProgress++;
    const result = next(...args);
    result.then(settled, settled);
    return result;
  };
  /** Calls `leave` when a `next()` is in progress (once), then `end`; a failure of `leave` is what it rejects with. */
  const leavingFirst = async (end: () => Promise<IteratorResult<T, void>>): Promise<IteratorResult<T, void>> => {
    if (inProgress === 0 || left) return end();
    left = true;
    return endAfterLeaving(leave, end);
  };
  generator.return = (value) => leavingFirst(() => ownReturn(value));
  generator.throw = (error) => leavingFirst(() => ownThrow(error));
  return generator;
}
