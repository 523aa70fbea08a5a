import { onAbort as listenForAbort } from './on-abort.js';
import { isOwnFailure } from './stream-aborted-error.js';

const done = { value: undefined, done: true } as const;

/**
 * Splits one async iterator into two that each see every item. A branch that is ahead pulls from the
 * source; items wait in the other branch's buffer until it reads them, so a branch that is never read
 * buffers the whole stream. A branch that leaves (`break`) drops its buffer at once; when both have
 * left, the source is returned (its connection released).
 *
 * When `signal` aborts, a branch that has not had its end drops what waits in its buffer and throws
 * `abortError()` next, as the stream itself does: otherwise the slower branch would go on handing out what
 * the faster one had read, and end quietly when the source had already ended. The source, once read and until
 * its end, is then returned, as neither branch reads it again. Not when the source aborted it for its own
 * failure (an idle timeout, see `abortForFailure`): each branch hands out what it has, then that.
 */
export function teeIterator<T>(source: AsyncIterator<T>, signal?: AbortSignal, abortError?: () => unknown): [AsyncIterator<T>, AsyncIterator<T>] {
  const buffers: (T[] | undefined)[] = [[], []];
  const heads = [0, 0];
  /** The branch has had its end (done or an error), or left. */
  const finished = [false, false];
  let ended: { error: unknown } | { error?: never } | undefined;
  let pulling: Promise<void> | undefined;
  let aborted = false;
  /** The source was read (it may hold something to let go of), and has not had its end (done or an error). */
  let sourceOpen = false;
  /**
   * Per branch, what ends the next() calls that wait for the source: the branch's return() calls them. The read
   * goes on for the other branch, and could wait for ever (a stalled answer) while it stays.
   */
  const leaving: Set<() => void>[] = [new Set(), new Set()];

  const onAbort = (): void => {
    // The source's own failure (an idle timeout), not an abort: the source throws it, as any failure, after
    // the items read before it, which the slower branch still hands out. Not ended here: a source that is
    // itself a branch (a tee of a tee) may still hold items for this one.
    if (isOwnFailure(signal?.reason)) return;
    aborted = true;
    for (const index of [0, 1] as const) {
      if (finished[index]) continue;
      buffers[index]?.splice(0);
      heads[index] = 0;
    }
    ended = { error: abortError?.() ?? signal?.reason };
    // Neither branch will read the source again, so nothing else would let it go: a generator of the caller's
    // own (`new Stream()`) that checks the signal before each chunk ends only when resumed, and its `finally`
    // (a cursor, a file) never ran. Returned after this dispatch, not within it: a chunk reader's own abort
    // listener, called by the same dispatch, is what makes its abort error. Not after a read in progress: an async
    // generator (and a web stream's iterator) queues the return behind that read itself, and an iterator whose
    // read waits for an event that may never come (events.on()'s) is let go of by its return alone.
    if (sourceOpen) {
      sourceOpen = false;
      void Promise.resolve()
        .then(() => source.return?.())
        .catch(() => undefined);
    }
  };
  // Through `onAbort`'s one listener: a stream split many times (`tee()` of a branch, and so on) would
  // otherwise put one listener per split on the stream's signal, and Node warns past ten.
  const listening = signal !== undefined && abortError !== undefined && !signal.aborted;
  const stopListening = listening ? listenForAbort(signal, onAbort) : undefined;
  if (signal?.aborted === true && abortError !== undefined) onAbort();
  const finish = (index: 0 | 1): void => {
    finished[index] = true;
    if (finished[0] && finished[1]) stopListening?.();
  };

  const pull = (): Promise<void> => {
    if (pulling === undefined) sourceOpen = true;
    return (pulling ??= source.next().then(
      (result) => {
        pulling = undefined;
        if (result.done) sourceOpen = false;
        // An abort came while the source was read: what it gave is dropped, and the abort is what is thrown.
        if (aborted) return;
        if (result.done) ended = {};
        else for (const buffer of buffers) buffer?.push(result.value);
      },
      (error: unknown) => {
        pulling = undefined;
        sourceOpen = false;
        if (aborted) return;
        ended = { error };
      },
    ));
  };

  /** The source's next item, or the branch's leaving, whichever comes first. */
  const waitForSource = async (index: 0 | 1): Promise<void> => {
    const waiters = leaving[index] as Set<() => void>;
    let leave = (): void => undefined;
    // A promise per wait, not one per branch: one never settled would keep a reaction for every wait of a long stream.
    const left = new Promise<void>((resolve) => (leave = resolve));
    waiters.add(leave);
    try {
      await Promise.race([pull(), left]);
    } finally {
      waiters.delete(leave);
    }
  };

  const branch = (index: 0 | 1): AsyncIterator<T> => ({
    async next() {
      for (;;) {
        const buffer = buffers[index];
        if (buffer === undefined || finished[index]) return done;
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
          finish(index);
          if ('error' in ended) throw ended.error;
          return done;
        }
        await waitForSource(index);
      }
    },
    async return() {
      buffers[index] = undefined;
      finish(index);
      for (const leave of leaving[index] as Set<() => void>) leave();
      if (buffers[0] === undefined && buffers[1] === undefined && ended === undefined) {
        ended = {};
        sourceOpen = false;
        await source.return?.();
      }
      return done;
    },
  });

  return [branch(0), branch(1)];
}
