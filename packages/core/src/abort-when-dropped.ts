import { onAbort } from './on-abort.js';
import type { Stream } from './stream.js';

// A stream dropped without ever being iterated would hold its connection until the server gives up: once
// it is garbage, its request is aborted. Only until the first iteration: from then on the iterator, not the
// stream, is what the caller holds (`for await` keeps no reference to the stream itself). `tee()`'s branches
// share one controller, and an unread branch must not stop the other: a dropped branch leaves instead, as a
// `break` would, and the request is aborted once both have left.
export const unread = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<() => void>((release) => release());

/**
 * Aborts `stream`'s request once the stream is garbage, unread. `body`, the body the stream will read, is
 * cancelled by an abort that comes before a reader took it: fetch aborts its own bodies, but a `fetch` that
 * ignores its signal (a custom one, a test double) would leave the body, and its connection, held until the
 * stream is read or garbage. A body a reader took (the stream's, or `asResponse()`'s) is that reader's to release.
 */
export function abortWhenDropped<Item>(stream: Stream<Item>, body: ReadableStream<Uint8Array>): Stream<Item> {
  const { signal } = stream.controller;
  unread?.register(stream, abortOf(stream.controller), stream);
  const cancel = cancelOf(body);
  if (signal.aborted) {
    cancel();
    return stream;
  }
  // A controller may serve many streams (a page's Stop button): the listener must not outlive the wait, and
  // they share `onAbort`'s one listener on it.
  stopWaiting.set(stream, onAbort(signal, cancel));
  return stream;
}

/**
 * `stream` is read, or its response handed over: its garbage no longer aborts the request, and its body is
 * its reader's to release, not the abort listener's.
 */
export function markRead(stream: Stream<unknown>): void {
  unread?.unregister(stream);
  stopWaiting.get(stream)?.();
  stopWaiting.delete(stream);
}

// The removal of each unread stream's abort listener (see `abortWhenDropped`); it holds the body, not the stream.
const stopWaiting = new WeakMap<Stream<unknown>, () => void>();

// Made outside the functions that hold the stream, so that these closures cannot keep it alive.
export const abortOf = (controller: AbortController) => (): void => controller.abort();
// The reason a cancel rejects (the body failed already) is moot: the stream was aborted.
const cancelOf = (body: ReadableStream<Uint8Array>) => (): void => void (body.locked || body.cancel().catch(() => undefined));
export const leaveOf = (branch: AsyncIterator<unknown>) => (): void => void Promise.resolve(branch.return?.()).catch(() => undefined);

/**
 * What the reader of a `tee()` branch holds in place of `branch`, which leaves once this is garbage, as a
 * `break` would: an iterator dropped after its first `next()` without `return()`. The source's own check for
 * a dropped reader never comes for a tee: the tee's abort listener holds the source for as long as the
 * stream's signal lives, and the connection's reader keeps that signal, so the connection stayed open until
 * the server ended the answer (or never, for one that stalls).
 */
export function leavingWhenDropped<Item>(branch: AsyncIterator<Item>): AsyncIterator<Item> {
  const iterator: AsyncIterator<Item> = {
    // A read in flight holds the iterator (its promise's reaction does), so that a caller who kept only the
    // promise of next() gets the item: a branch that left when its iterator was collected mid-read ended that
    // read quietly, as { done: true }.
    next: () => branch.next().then((result) => heldUntilSettled(iterator, result)),
    return: (value?: unknown) => branch.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    // As a stream's own iterator (see `ChunkReader.throw`): the branch leaves, then this rejects with `error`.
    throw: async (error?: unknown) => {
      await iterator.return!();
      throw error;
    },
  };
  unread?.register(iterator, leaveOf(branch));
  return iterator;
}

// Takes the holder only so that the reaction that calls it refers to it.
const heldUntilSettled = <Result>(_holder: unknown, result: Result): Result => result;
