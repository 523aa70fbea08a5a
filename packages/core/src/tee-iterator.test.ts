import { describe, expect, test } from 'vitest';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';

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
});
