import { describe, expect, test } from 'vitest';
import { lazyIterator } from './lazy-iterator.js';

/** An iterator whose `next()` hands out `results`' promises themselves, one per call. */
function iteratorOf(results: Promise<IteratorResult<number>>[]): AsyncIterator<number> {
  let position = 0;
  return { next: () => results[position++] ?? Promise.resolve({ value: undefined, done: true }) };
}

const ended = (): AsyncIterator<number> & { return: () => Promise<IteratorResult<number>> } => ({
  next: async () => ({ value: undefined, done: true }),
  return: async () => ({ value: undefined, done: true }),
});

describe('lazyIterator', () => {
  test('the calls made while the code loads get its results in order; later calls go straight to the loaded iterator', async () => {
    const results = [1, 2, 3, 4].map((value) => Promise.resolve({ value, done: false }));
    let finishLoad = (_iterator: AsyncIterator<number>): void => undefined;
    const iterator = lazyIterator(ended(), () => new Promise<AsyncIterator<number>>((resolve) => (finishLoad = resolve)), () => undefined);
    const waiting = [iterator.next(), iterator.next()];
    finishLoad(iteratorOf(results));
    expect(await Promise.all(waiting)).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
    ]);
    // The loaded iterator's own promise: nothing of the shell's in between, per chunk.
    expect(iterator.next()).toBe(results[2]);
    expect(iterator.next()).toBe(results[3]);
  });

  test('loads at the first next(), not before', async () => {
    let loads = 0;
    const iterator = lazyIterator(ended(), async () => {
      loads += 1;
      return iteratorOf([Promise.resolve({ value: 1, done: false })]);
    }, () => undefined);
    expect(loads).toBe(0);
    const first = iterator.next();
    expect(loads).toBe(1);
    expect(await first).toEqual({ value: 1, done: false });
  });
});
