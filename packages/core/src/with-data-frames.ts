import { dataFrameOf, relayFrames } from './relay-frames.js';
import { SplitKeyGuard } from './split-key-guard.js';
import type { SSEDataFrame } from './stream.js';

/**
 * Pairs each item with its frame (see {@link dataFrameOf}: a chunk from a reader keeps the text it came from);
 * see `Stream.sseDataFrames()`.
 */
export function withDataFrames<Item>(items: AsyncIterator<Item>): AsyncIterableIterator<SSEDataFrame<Item>> {
  // A key that an echo spreads over chunks is held back until it is whole, where the frame's redaction sees it.
  const guard = new SplitKeyGuard();
  const paired = (result: IteratorResult<Item>): IteratorResult<SSEDataFrame<Item>> => {
    if (result.done === true) {
      // The text still held when a stream ends without a `finish_reason`, as one chunk more (once: `end()`
      // lets go of it, so a further `next()` is done).
      const rest = guard.end();
      return rest === undefined ? result : { value: { chunk: rest as Item, frame: relayFrames.data(rest) }, done: false };
    }
    return { value: { chunk: result.value, frame: dataFrameOf(guard.passResult(result)) }, done: false };
  };
  const frames: AsyncIterableIterator<SSEDataFrame<Item>> = {
    // `Promise.resolve`: an iterator from the constructor may hand out results that are not promises.
    next: () => Promise.resolve(items.next()).then(paired),
    return: async () => {
      await items.return?.();
      return { value: undefined, done: true };
    },
    // As a stream's own iterator: leaves, then rejects with `error`, so that `yield*` passes a wrapper's
    // `throw()` on (Node's `Readable.from()` calls it when a `pipeline()` destroys the wrapper).
    throw: async (error?: unknown) => {
      await frames.return!();
      throw error;
    },
    [Symbol.asyncIterator]: () => frames,
  };
  return frames;
}
