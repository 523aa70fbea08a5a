import { describe, expect, test } from 'vitest';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';

/** An iterator of `count` numbers, each handed out after `delayMs`. */
function numbers(count: number, delayMs = 0): AsyncIterator<number> & { returned: boolean } {
  let next = 0;
  return {
    returned: false,
    async next() {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return next < count ? { value: next++, done: false } : { value: undefined, done: true };
    },
    async return() {
      this.returned = true;
      return { value: undefined, done: true };
    },
  };
}

describe('tee', () => {
  test('a stream aborted before tee() gives two branches that each throw the user abort, with the reason', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 3 }))]).response);
    const reason = new Error('user pressed stop');
    stream.controller.abort(reason);
    for (const { items, error } of await Promise.all(stream.tee().map(readAll))) {
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).cause).toBe(reason);
    }
  });

  test('an abort while the source is being read drops the item it then gives: the abort is what both branches get', async () => {
    const controller = new AbortController();
    const source = numbers(5, 30);
    const [left, right] = new Stream(() => source, controller).tee();
    const reading = left[Symbol.asyncIterator]().next();
    setTimeout(() => controller.abort(), 5);
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
    const { items, error } = await readAll(right);
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  test("an abort lets go of the source at once, which neither branch reads again: a generator of the caller's own (new Stream()) runs its finally", async () => {
    // The README's replay: a generator that checks the signal before each chunk. Read by a loop, it ends at the
    // loop's next next(); split by tee(), nothing ever resumed it, and its finally (a cursor or a file to
    // close) never ran.
    const controller = new AbortController();
    let released = false;
    async function* items(): AsyncGenerator<number> {
      try {
        for (let index = 0; index < 5; index++) {
          controller.signal.throwIfAborted();
          yield index;
        }
      } finally {
        released = true;
      }
    }
    const [left, right] = new Stream(items, controller).tee();
    const reading = left[Symbol.asyncIterator]();
    expect((await reading.next()).value).toBe(0);
    controller.abort();
    await expect(reading.next()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(released).toBe(true);
    expect((await readAll(right)).error).toBeInstanceOf(APIUserAbortError);
  });

  test('an abort while the source is being read returns the source without waiting for that read; one before any read starts nothing', async () => {
    const controller = new AbortController();
    const source = numbers(5, 30);
    const [left] = new Stream(() => source, controller).tee();
    const reading = left[Symbol.asyncIterator]().next();
    setTimeout(() => controller.abort(), 5);
    // The branch's read rejects once the source's read (30 ms) settles: by then the source was returned.
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
    expect(source.returned).toBe(true);

    let started = false;
    const unread = new AbortController();
    const branches = new Stream(() => ((started = true), numbers(5)), unread).tee();
    unread.abort();
    for (const { error } of await Promise.all(branches.map(readAll))) expect(error).toBeInstanceOf(APIUserAbortError);
    expect(started).toBe(false);
  });

  test('return() on a branch while its next() waits for the source ends that next() at once, though the other branch reads on', async () => {
    // A source whose second item never comes (a stalled answer): only the branch leaving can end the wait.
    let served = 0;
    const source: AsyncIterator<number> & { returned: boolean } = {
      returned: false,
      next: () => (served++ === 0 ? Promise.resolve({ value: 0, done: false }) : new Promise(() => undefined)),
      async return() {
        this.returned = true;
        return { value: undefined, done: true };
      },
    };
    const [left, right] = new Stream(() => source, new AbortController()).tee().map((branch) => branch[Symbol.asyncIterator]()) as [AsyncIterator<number>, AsyncIterator<number>];
    expect(await left.next()).toEqual({ value: 0, done: false });
    const waiting = left.next();
    expect(await left.return!()).toEqual({ value: undefined, done: true });
    // Before, it waited for the source's next item, for ever here, as long as the other branch stayed.
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await right.next()).toEqual({ value: 0, done: false });
    expect(source.returned).toBe(false);
  });

  test('a branch far behind the other hands out every item in order while its buffer is compacted', async () => {
    const count = 5000;
    const expected = Array.from({ length: count }, (_, index) => index);
    const source = numbers(count);
    const [left, right] = new Stream(() => source, new AbortController()).tee();
    const slow = right[Symbol.asyncIterator]();
    const early: number[] = [];
    for (let index = 0; index < 1500; index++) early.push((await slow.next()).value as number);
    expect((await readAll(left)).items).toEqual(expected);
    const rest = await readAll({ [Symbol.asyncIterator]: () => slow });
    expect([...early, ...rest.items]).toEqual(expected);
    expect(rest.error).toBeUndefined();
  });

  test('an idle timeout reaches the slower branch after the chunks that came before it, as it reaches the faster one', async () => {
    // A server that stalls after a few chunks: the faster branch reads them and times out; the slower one
    // (a logger reading behind) must still get them, not only the error.
    const events = createChunkTranscript({ chunks: 8, seed: 5 }).slice(0, 4).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
    const { response, stats } = createTestResponse(splitBytes(new TextEncoder().encode(events.join('')), 40), { holdOpen: true });
    const [fast, slow] = Stream.fromSSEResponse(response, undefined, { idleTimeout: 20 }).tee();
    // A branch split again: its tee, not reading when the timeout comes, learns of it from its source too.
    const [behindA, behindB] = slow.tee();
    const ahead = await readAll(fast);
    expect(ahead.error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(ahead.items).toHaveLength(4);
    for (const branch of [behindA, behindB]) {
      const behind = await readAll(branch);
      expect(behind.items).toEqual(ahead.items);
      expect(behind.error).toBe(ahead.error);
    }
    expect(stats.cancelled).toBe(true);
  });
});
