import type { Stream } from './stream.js';

// A stream dropped without ever being iterated would hold its connection until the server gives up: once
// it is garbage, its request is aborted. Only until the first iteration: from then on the iterator, not the
// stream, is what the caller holds (`for await` keeps no reference to the stream itself). `tee()`'s branches
// share one controller, and an unread branch must not stop the other: a dropped branch leaves instead, as a
// `break` would, and the request is aborted once both have left.
export const unread = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<() => void>((release) => release());

export function abortWhenDropped<Item>(stream: Stream<Item>): Stream<Item> {
  unread?.register(stream, abortOf(stream.controller), stream);
  return stream;
}

// Made outside the functions that hold the stream, so that these closures cannot keep it alive.
export const abortOf = (controller: AbortController) => (): void => controller.abort();
export const leaveOf = (branch: AsyncIterator<unknown>) => (): void => void Promise.resolve(branch.return?.()).catch(() => undefined);
