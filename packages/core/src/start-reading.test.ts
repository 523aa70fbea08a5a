import { describe, expect, test } from 'vitest';
import { startReading } from './start-reading.js';

/** An iterator of `values`, counting its `next()` calls. */
function counted(values: number[]) {
  const state = { nexts: 0 };
  const iterator: AsyncIterator<number> = {
    next: async () => {
      state.nexts += 1;
      return state.nexts <= values.length ? { value: values[state.nexts - 1]!, done: false } : { value: undefined, done: true };
    },
  };
  return { iterator, state };
}

describe('startReading', () => {
  test('reads the first item at once; then hands out each item once, also to a for await that keeps the first next() it found', async () => {
    const { iterator, state } = counted([1, 2, 3]);
    const reading = startReading(iterator);
    expect(state.nexts).toBe(1);
    const seen: number[] = [];
    // Bounded: a next() that handed out the first read again would loop for ever.
    for await (const value of { [Symbol.asyncIterator]: () => reading }) if (seen.push(value) > 10) break;
    expect(seen).toEqual([1, 2, 3]);
    expect(state.nexts).toBe(4);
  });

  test('a first read that fails, or throws, is no unhandled rejection and reaches the first next()', async () => {
    const rejecting = startReading<number>({ next: () => Promise.reject(new Error('reset')) });
    const throwing = startReading<number>({
      next: () => {
        throw new Error('thrown');
      },
    });
    // A turn of the event loop, where an unhandled rejection would be reported.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(rejecting.next()).rejects.toThrow('reset');
    await expect(throwing.next()).rejects.toThrow('thrown');
  });
});
