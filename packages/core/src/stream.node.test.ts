import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { countedSignal, type CountedSignal } from './test/counted-signal.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import { isCollected } from './test/collect-garbage.node.js';
import { readAll } from './test/read-all.js';

describe('tee() (Node, garbage collection)', () => {
  test('both branches left with break: the stream is garbage while its signal lives on, as the runtime\'s fetch keeps it', async () => {
    const { response } = createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    const { signal, dropped } = await (async () => {
      const stream = Stream.fromSSEResponse(response);
      const [left, right] = stream.tee();
      for await (const _ of left) break;
      for await (const _ of right) break;
      return { signal: stream.controller.signal, dropped: new WeakRef(stream) };
    })();
    expect(signal.aborted).toBe(true);
    expect(await isCollected(dropped)).toBe(true);
  });

  test('a branch dropped without ever being read leaves once it is garbage, so the other leaving releases the connection', async () => {
    const { response, stats } = createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    // In a scope of its own, so that nothing here keeps the unread branch.
    const { kept, dropped } = (() => {
      const [left, right] = Stream.fromSSEResponse(response).tee();
      return { kept: left, dropped: new WeakRef(right) };
    })();
    for await (const _ of kept) break;
    // The unread branch has not left yet: its chunks are still coming.
    expect(stats.cancelled).toBe(false);
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => stats.cancelled);
  });

  test.each([
    ['both read once', true],
    ['one read once, the other never', false],
  ])('branches whose iterators are dropped without return() (%s) leave once they are garbage, releasing the connection', async (_, readBoth) => {
    const { response, stats } = createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    // Kept, as a page keeps its Stop button's; the connection's reader keeps the signal too (node's transport's does).
    const controller = new AbortController();
    // In a scope of its own, so that nothing here keeps the branches or their iterators.
    const dropped = await (async () => {
      const [left, right] = Stream.fromSSEResponse(response, controller).tee();
      const iterators = readBoth ? [left[Symbol.asyncIterator](), right[Symbol.asyncIterator]()] : [left[Symbol.asyncIterator]()];
      for (const iterator of iterators) await iterator.next();
      return iterators.map((iterator) => new WeakRef(iterator));
    })();
    for (const iterator of dropped) expect(await isCollected(iterator)).toBe(true);
    // The tee's abort listener kept the source, and so the connection, for as long as the signal lived.
    await eventually(() => stats.cancelled);
  });
});

describe('a read in flight whose iterator is dropped (Node, garbage collection)', () => {
  /** A body that gives `piece` once `release()` is called, and stays open after it. */
  function gatedBody(piece: string): { body: ReadableStream<Uint8Array>; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let given = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (given) return new Promise<void>(() => undefined);
        await gate;
        given = true;
        controller.enqueue(new TextEncoder().encode(piece));
      },
    });
    return { body, release };
  }

  const [chunk] = createChunkTranscript({ chunks: 2 });
  const response = (body: ReadableStream<Uint8Array>) => new Response(body, { headers: { 'content-type': 'text/event-stream' } });

  // A caller may keep only the promise of next(): the read must still give its item. A branch that left
  // when its iterator was collected mid-read ended that read quietly, as { done: true }.
  test.each([
    ['a stream', false],
    ['a tee() branch', true],
  ])('%s: the pending read gives its chunk, and the iterator goes only after it', async (_, split) => {
    const { body, release } = gatedBody(`data: ${JSON.stringify(chunk)}\n\n`);
    const { reading, iterator } = (() => {
      const stream = Stream.fromSSEResponse(response(body), new AbortController());
      const read = split ? stream.tee()[0] : stream;
      const it = read[Symbol.asyncIterator]();
      return { reading: it.next(), iterator: new WeakRef(it) };
    })();
    expect(await isCollected(iterator)).toBe(false);
    release();
    expect(await reading).toMatchObject({ value: chunk, done: false });
    expect(await isCollected(iterator)).toBe(true);
  });
});

describe('toSSEReadableStream() dropped part-way (Node, garbage collection)', () => {
  // A reader that took one piece and was dropped without cancel(): the stream's own timers (heartbeats, the
  // stall clock) must not keep the upstream until they next fire, 15 s and 30 s away in the relays.
  test.each([
    ['heartbeats', { heartbeatMs: 60_000 }],
    ['a stall clock', { heartbeatMs: 0, stallTimeoutMs: 60_000 }],
    ['both', { heartbeatMs: 60_000, stallTimeoutMs: 60_000 }],
    ['toReadableStream() instead', undefined],
  ])('with %s, the upstream is released once the stream is garbage', async (_, options) => {
    const { response, stats } = createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    // In a scope of its own, so that nothing here keeps the stream or its reader.
    const dropped = await (async () => {
      const stream = Stream.fromSSEResponse(response, new AbortController());
      const body = options === undefined ? stream.toReadableStream() : stream.toSSEReadableStream(options);
      const reader = body.getReader();
      await reader.read();
      await reader.read();
      return new WeakRef(body);
    })();
    expect(stats.cancelled).toBe(false);
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => stats.cancelled);
  });
});

// The signal's listeners are counted, the most it held at once among them: Node warns (MaxListenersExceededWarning)
// past ten on an AbortSignal in Node 20 only, so a watch for the warning passed in 22 and 24 whatever the readers
// left on it. No other emitter is on the way here (test responses, no sockets), so there is nothing else to watch.
describe('many readers of one signal (Node)', () => {
  const chunks = createChunkTranscript({ chunks: 5 });
  const pieces = () => [...chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), 'data: [DONE]\n\n'];

  /** The streams' signal carries one listener at most while they are read, and none once they ended. */
  async function expectOneListener({ controller, open }: CountedSignal, readers: Promise<unknown>[]): Promise<void> {
    await Promise.all(readers);
    expect(open.size).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }

  test('a stream split by tee() into twelve readers, half of them re-encoded as SSE, puts one abort listener on its signal', async () => {
    const counted = countedSignal();
    const stream = Stream.fromSSEResponse(createTestResponse(pieces()).response, counted.controller);
    const readers: Promise<unknown>[] = [];
    let rest = stream;
    for (let index = 0; index < 11; index++) {
      const [branch, next] = rest.tee();
      if (index % 2 === 0) readers.push(readAll(branch).then(({ items, error }) => expect({ items: items.length, error }).toEqual({ items: chunks.length, error: undefined })));
      else readers.push(new Response(branch.toSSEReadableStream()).text().then((text) => expect(text).toContain('data: [DONE]')));
      rest = next;
    }
    readers.push(readAll(rest).then(({ items }) => expect(items).toHaveLength(chunks.length)));
    await expectOneListener(counted, readers);
    expect(counted.peak).toBe(1);
  });

  test('twelve streams of one shared controller (a page Stop button) put one abort listener on it, and an abort still stops each', async () => {
    const counted = countedSignal();
    const shared = counted.controller;
    const read = Array.from({ length: 12 }, () => readAll(Stream.fromSSEResponse(createTestResponse(pieces()).response, shared)));
    await expectOneListener(counted, read);
    const held = Array.from({ length: 12 }, () => Stream.fromSSEResponse(createTestResponse(chunks.slice(0, 1).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), { holdOpen: true }).response, shared));
    const results = held.map((stream) => readAll(stream));
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    shared.abort();
    for (const { error } of await Promise.all(results)) expect(error).toMatchObject({ name: 'APIUserAbortError' });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(counted.peak).toBe(1);
  });
});
