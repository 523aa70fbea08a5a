import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';
import type { TestBodyStats } from './test/create-test-body.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// groq-sdk's stream hands out an async generator, which has `throw()`: a wrapper that forwards the chunks with
// `yield* stream` passes its own `throw()` on to it (Node's `Readable.from()` calls it when a `pipeline()`
// destroys the wrapper because the response closed). Without one, the spec closes the stream and the wrapper
// gets a TypeError ("The iterator does not provide a 'throw' method") in place of the error it was given, and
// a caller's `iterator.throw?.(error)` did nothing at all: the connection stayed open and reading went on.

const chunks = createChunkTranscript({ chunks: 40, seed: 3 }) as unknown as ChatCompletionChunk[];
const transcript = encodeSSETranscript(chunks);
const ndjson = new TextEncoder().encode(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));

/** A stream of a body the server holds open after its first pieces, and the stats of that body. */
const kinds: [string, () => { stream: Stream<unknown>; stats: TestBodyStats }][] = [
  [
    'Stream.fromSSEResponse()',
    () => {
      const { response, stats } = createTestResponse(splitBytes(transcript, 300), { holdOpen: true });
      return { stream: Stream.fromSSEResponse(response), stats };
    },
  ],
  [
    'Stream.fromReadableStream()',
    () => {
      const { response, stats } = createTestResponse(splitBytes(ndjson, 300), { holdOpen: true });
      return { stream: Stream.fromReadableStream(response.body!), stats };
    },
  ],
  [
    'a tee() branch whose other branch has left',
    () => {
      const { response, stats } = createTestResponse(splitBytes(transcript, 300), { holdOpen: true });
      const [left, right] = Stream.fromSSEResponse(response).tee();
      void right[Symbol.asyncIterator]().return?.();
      return { stream: left, stats };
    },
  ],
];

describe("the stream's iterator has throw(), as groq-sdk's async generator does", () => {
  test.each(kinds)('%s: yield* in a wrapper whose throw() is called passes that error on and releases the body', async (_, make) => {
    const { stream, stats } = make();
    async function* relay(): AsyncGenerator<unknown> {
      yield* stream;
    }
    const forwarded = relay();
    expect((await forwarded.next()).value).toEqual(chunks[0]);
    const closed = new Error('premature close');
    await expect(forwarded.throw(closed)).rejects.toBe(closed);
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  test.each(kinds)('%s: throw() rejects with its error, releases the body, and a next() after it is done', async (_, make) => {
    const { stream, stats } = make();
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const reason = new Error('stop');
    await expect(iterator.throw?.(reason)).rejects.toBe(reason);
    expect(stats.cancelCalls).toBe(1);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test('a refused response (a relay\'s 429): throw() before the first next() rejects with its error and releases the body', async () => {
    const { response, stats } = createTestResponse(['{"error":{"message":"slow down"}}'], { status: 429, headers: { 'content-type': 'application/json' }, holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const iterator = stream[Symbol.asyncIterator]();
    const reason = new Error('stop');
    await expect(iterator.throw?.(reason)).rejects.toBe(reason);
    expect(stats.cancelled).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test('a branch left with throw() leaves the other branch every chunk', async () => {
    const [left, right] = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 300)).response).tee();
    const iterator = left[Symbol.asyncIterator]();
    await iterator.next();
    await expect(iterator.throw?.(new Error('stop'))).rejects.toThrow('stop');
    expect((await readAll(right)).items).toEqual(chunks);
  });
});

describe('sseDataFrames() has throw() too, as textDeltas() does', () => {
  test('yield* in a wrapper whose throw() is called passes that error on and releases the body', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 300), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    async function* relay(): AsyncGenerator<unknown> {
      yield* stream.sseDataFrames();
    }
    const forwarded = relay();
    expect((await forwarded.next()).value).toMatchObject({ chunk: chunks[0] });
    const closed = new Error('premature close');
    await expect(forwarded.throw(closed)).rejects.toBe(closed);
    expect(stats.cancelCalls).toBe(1);
    expect(await forwarded.next()).toEqual({ value: undefined, done: true });
  });
});
