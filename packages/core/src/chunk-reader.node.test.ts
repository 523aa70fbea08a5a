import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { Groq } from './groq.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import type { TestBodyStats } from './test/create-test-body.js';
import { createTestResponse } from './test/create-test-response.js';
import { eventually } from './test/eventually.js';
import { readAll } from './test/read-all.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import { isCollected } from './test/collect-garbage.node.js';

const frame = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * Reads the stream; before asking for chunk `at`, schedules a `setImmediate` and reports whether it ran
 * before that chunk arrived, i.e. whether the reader let the event loop turn in between.
 */
async function turnedBefore(pieces: string[], at: number): Promise<boolean> {
  const stream = Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse(pieces).response);
  let turned = false;
  let index = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    if (index === at) setImmediate(() => (turned = true));
    const { done } = await iterator.next();
    if (done) break;
    if (index === at) return turned;
    index += 1;
  }
  throw new Error(`the stream ended before chunk ${at}`);
}

describe('fairness under load (Node)', () => {
  // 300 chunks: two halves of 150, each above the 128 chunks a read must bring before the reader yields.
  const chunks = createChunkTranscript({ chunks: 300 });

  test('after a read that brought many chunks, the next read waits for a turn of the event loop', async () => {
    const half = Math.floor(chunks.length / 2);
    const pieces = [chunks.slice(0, half).map(frame).join(''), chunks.slice(half).map(frame).join('') + 'data: [DONE]\n\n'];
    expect(await turnedBefore(pieces, half)).toBe(true);
  });

  test('token by token (one chunk a read), or a few chunks a read, nothing waits', async () => {
    expect(await turnedBefore([...chunks.map(frame), 'data: [DONE]\n\n'], 40)).toBe(false);
    const fifties = [];
    for (let start = 0; start < chunks.length; start += 50) fifties.push(chunks.slice(start, start + 50).map(frame).join(''));
    expect(await turnedBefore([...fifties, 'data: [DONE]\n\n'], 100)).toBe(false);
  });

  test('an abort during the wait ends the stream with the abort, not with a read', async () => {
    const half = Math.floor(chunks.length / 2);
    const { response, stats } = createTestResponse([chunks.slice(0, half).map(frame).join(''), chunks.slice(half).map(frame).join('')]);
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response);
    const iterator = stream[Symbol.asyncIterator]();
    for (let index = 0; index < half; index++) await iterator.next();
    const next = iterator.next();
    stream.controller.abort();
    await expect(next).rejects.toMatchObject({ name: 'APIUserAbortError' });
    expect(stats.cancelled).toBe(true);
    expect(stats.piecesPulled).toBe(1);
  });
});

describe('an iterator started, then dropped without return() (Node, garbage collection)', () => {
  const chunks = createChunkTranscript({ chunks: 3 });
  const messages = [{ role: 'user' as const, content: 'hi' }];

  /** A fetch answering every request with the transcript on a body held open, and the stats of each body. */
  function heldOpenFetch(): { fetch: () => Promise<Response>; bodies: TestBodyStats[] } {
    const bodies: TestBodyStats[] = [];
    // Held here as a live connection holds its body: a body that nothing holds may simply be collected too.
    const connections: Response[] = [];
    const fetch = (): Promise<Response> => {
      const { response, stats } = createTestResponse(chunks.map(frame), { holdOpen: true });
      bodies.push(stats);
      connections.push(response);
      return Promise.resolve(response);
    };
    return { fetch, bodies };
  }

  test('is not kept in memory by the signal given to create(): it lets go of the signal and cancels its body once it is garbage', async () => {
    const shared = new AbortController();
    const { fetch, bodies } = heldOpenFetch();
    const client = new Groq({ apiKey: 'gsk_test', fetch, streamIdleTimeout: 0 });
    // In a scope of their own, so that nothing here keeps the stream or the iterator.
    const dropped = await (async () => {
      const stream = await client.chat.completions.create({ model: 'm', messages, stream: true }, { signal: shared.signal });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      return new WeakRef(iterator);
    })();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => getEventListeners(shared.signal, 'abort').length === 0);
    expect(bodies[0]?.cancelled).toBe(true);
    // The signal still serves the next stream.
    const next = await client.chat.completions.create({ model: 'm', messages, stream: true }, { signal: shared.signal });
    const iterator = next[Symbol.asyncIterator]();
    await iterator.next();
    shared.abort();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'APIUserAbortError' });
  });

  test('is not kept in memory by the idle timer of the default streamIdleTimeout: its body is cancelled once it is garbage, not when the timer fires', async () => {
    const { fetch, bodies } = heldOpenFetch();
    const client = new Groq({ apiKey: 'gsk_test', fetch });
    expect(client.streamIdleTimeout).toBe(60_000);
    const dropped = await (async () => {
      const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      return new WeakRef(iterator);
    })();
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => bodies[0]?.cancelled === true);
  });

  test('a stream whose body nothing feeds still fails with StreamIdleTimeoutError while a read waits, however often gc runs', async () => {
    // Only the pending read's promise is held here: while a read waits, the idle timer keeps the reader alive.
    const next = (async () => {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode(frame(chunks[0]))) });
      const iterator = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(body), undefined, { idleTimeout: 100 })[Symbol.asyncIterator]();
      await iterator.next();
      // Away longer than the limit between reads: that silence is the consumer's, and does not count.
      await new Promise((resolve) => setTimeout(resolve, 150));
      return iterator.next();
    })();
    let settled = false;
    const collecting = (async () => {
      while (!settled) {
        await isCollected(new WeakRef({}));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await expect(next.finally(() => (settled = true))).rejects.toBeInstanceOf(StreamIdleTimeoutError);
    await collecting;
  }, 5000);

  test('of Stream.fromSSEResponse with a controller shared by many streams, lets go of it without aborting it', async () => {
    const shared = new AbortController();
    const first = createTestResponse(chunks.map(frame), { holdOpen: true });
    const dropped = await (async () => {
      const iterator = Stream.fromSSEResponse<ChatCompletionChunk>(first.response, shared)[Symbol.asyncIterator]();
      await iterator.next();
      return new WeakRef(iterator);
    })();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => getEventListeners(shared.signal, 'abort').length === 0);
    expect(first.stats.cancelled).toBe(true);
    expect(shared.signal.aborted).toBe(false);
    const { items, error } = await readAll(Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse([...chunks.map(frame), 'data: [DONE]\n\n']).response, shared));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(chunks.length);
  });

  test('is collected also while a read waits on a body that nothing feeds any more', async () => {
    const dropped = await (async () => {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode(frame(chunks[0]))) });
      const iterator = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(body))[Symbol.asyncIterator]();
      await iterator.next();
      void iterator.next();
      return new WeakRef(iterator);
    })();
    expect(await isCollected(dropped)).toBe(true);
  });
});

describe('idle timeout over a real socket after the event loop was blocked (Node)', () => {
  const chunks = createChunkTranscript({ chunks: 3 });
  const idleTimeout = 200;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // The first chunk at once; on /steady the rest and [DONE] 30 ms later, on /silent nothing more.
    server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(frame(chunks[0]));
      if (request.url === '/steady') setTimeout(() => response.end(chunks.slice(1).map(frame).join('') + 'data: [DONE]\n\n'), 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const busyWait = (ms: number): void => {
    const until = Date.now() + ms;
    while (Date.now() < until);
  };

  /** Reads `path`; once the first chunk is in, `block` (if any) schedules a busy-wait while the next read waits. */
  async function read(path: string, block?: (callback: () => void) => void): Promise<{ items: unknown[]; error: unknown; elapsed: number }> {
    const started = Date.now();
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(await fetch(url + path), undefined, { idleTimeout });
    const items: unknown[] = [];
    try {
      for await (const item of stream) if (items.push(item) === 1) block?.(() => busyWait(2 * idleTimeout));
      return { items, error: undefined, elapsed: Date.now() - started };
    } catch (error) {
      return { items, error, elapsed: Date.now() - started };
    }
  }

  // When the loop wakes, Node runs the overdue timers (the server's 30 ms write, then the idle timer) before
  // the poll phase that would read the socket now holding the next event: that event came in time.
  test.each([
    ['setTimeout', (callback: () => void) => void setTimeout(callback, 5)],
    ['setImmediate', (callback: () => void) => void setImmediate(callback)],
  ])('a stream whose next event came while a %s callback blocked the loop for twice idleTimeout reads to its end', async (_, block) => {
    const { items, error } = await read('/steady', block);
    expect(error).toBeUndefined();
    expect(items).toEqual(chunks);
  });

  test.each([
    ['', undefined],
    [' after the loop was blocked for twice idleTimeout', (callback: () => void) => void setImmediate(callback)],
  ])('a silent server still fails the stream with StreamIdleTimeoutError%s', async (_, block) => {
    const { items, error, elapsed } = await read('/silent', block);
    expect(items).toEqual([chunks[0]]);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(idleTimeout - 5);
  });
});
