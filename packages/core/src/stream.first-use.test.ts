import { afterEach, describe, expect, test, vi } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import type { Stream as StreamClass } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import { rejectionOf } from './test/rejection-of.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// `toReadableStream()`, `toSSEReadableStream()`, `sseDataFrames()`, `textDeltas()` and `finalChatCompletion()`
// load their code (stream-methods.js) on first use. Each test takes `Stream` from a fresh copy of the modules,
// whose first use it is, with that load held back until the test lets it go, or failing.
const chunks = createChunkTranscript({ chunks: 12, seed: 4 });
const transcript = encodeSSETranscript(chunks);
const contents = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').filter((content) => content !== '');
const text = contents.join('');

/** `Stream` from fresh modules; its methods' code loads once `release` resolves, or fails with `failure`. */
async function freshStream(load: { release?: Promise<void>; failure?: Error } = {}): Promise<typeof StreamClass> {
  vi.resetModules();
  vi.doMock('./stream-methods.js', async (importOriginal) => {
    await load.release;
    if (load.failure !== undefined) throw load.failure;
    return importOriginal();
  });
  return (await import('./stream.js')).Stream;
}

afterEach(() => {
  vi.doUnmock('./stream-methods.js');
  vi.resetModules();
});

/** A load held back until `open()`. */
function heldLoad(): { release: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const release = new Promise<void>((resolve) => (open = resolve));
  return { release, open };
}

/** A stream of the transcript whose server keeps the connection open after it. */
function openStream(Stream: typeof StreamClass) {
  const { response, stats } = createTestResponse([transcript], { holdOpen: true });
  return { stream: Stream.fromSSEResponse<ChatCompletionChunk>(response), stats };
}

/** The messages of `error`'s chain of causes. */
function causesOf(error: unknown): string[] {
  const messages: string[] = [];
  for (let cause = (error as Error).cause; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages;
}

/** A stream whose server sent the first chunks of the answer and then nothing more, its connection still open. */
function stalledStream(Stream: typeof StreamClass) {
  const { response, stats } = createTestResponse([encodeSSETranscript(chunks.slice(0, 3), { done: false })], { holdOpen: true });
  return { stream: Stream.fromSSEResponse<ChatCompletionChunk>(response), stats };
}

async function textOf(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe('before its code has loaded', () => {
  test('toSSEReadableStream(): a cancel releases the upstream at once, after onCancel with 0 chunks, not once the code came', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const onCancel = vi.fn(() => expect(stats.cancelled).toBe(false));
    const cancelled = stream.toSSEReadableStream({ onCancel }).cancel();
    await eventually(() => stats.cancelled);
    await cancelled;
    expect(onCancel.mock.calls).toEqual([[{ chunks: 0 }]]);
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
    load.open();
  });

  test('toReadableStream(): a cancel releases the upstream at once', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const cancelled = stream.toReadableStream().cancel();
    await eventually(() => stats.cancelled);
    await cancelled;
    expect(stats.cancelCalls).toBe(1);
    load.open();
  });

  test('a second read is refused at once, as before, while the first reader waits for the code', async () => {
    const load = heldLoad();
    const Stream = await freshStream(load);
    const { stream } = openStream(Stream);
    const body = stream.toSSEReadableStream({ heartbeatMs: 0 });
    expect(() => stream.toSSEReadableStream()).toThrow(StreamConsumedError);
    expect(() => stream.toReadableStream()).toThrow(StreamConsumedError);
    expect(() => stream.sseDataFrames()).toThrow(StreamConsumedError);
    expect(() => stream.tee()).toThrow(StreamConsumedError);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    await expect(stream.textDeltas().next()).rejects.toBeInstanceOf(StreamConsumedError);
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(StreamConsumedError);
    load.open();
    const reader = body.getReader();
    let read = '';
    for (let result = await reader.read(); !result.done && !read.includes('data: [DONE]'); result = await reader.read()) read += new TextDecoder().decode(result.value);
    expect(read).toContain(JSON.stringify(chunks.at(-1)));
    await reader.cancel();
  });

  test('textDeltas() takes the stream at its first next() and finalChatCompletion() when called, before their code has loaded', async () => {
    const load = heldLoad();
    const Stream = await freshStream(load);
    const { stream: deltaStream } = openStream(Stream);
    const deltas = deltaStream.textDeltas();
    const first = deltas.next();
    expect(() => deltaStream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    const whole = Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse([transcript]).response);
    const final = whole.finalChatCompletion();
    expect(() => whole.toSSEReadableStream()).toThrow(StreamConsumedError);
    load.open();
    expect(await first).toEqual({ value: contents[0], done: false });
    let rest = '';
    for await (const delta of deltas) rest += delta;
    expect(`${(await first).value}${rest}`).toBe(text);
    expect((await final).choices[0]?.message.content).toBe(text);
  });

  test('a bad option of toSSEReadableStream() is refused before the stream is taken', async () => {
    const { stream } = openStream(await freshStream(heldLoad()));
    expect(() => stream.toSSEReadableStream({ heartbeatMs: -1 })).toThrow(GroqError);
    expect(() => stream.toSSEReadableStream({ onCancel: 'log' as never })).toThrow(GroqError);
    expect(() => stream.toSSEReadableStream()).not.toThrow();
  });

  test("toSSEReadableStream() uses the options as they were when called, as the loaded method does, not as they are at the first read", async () => {
    const Stream = await freshStream();
    const options = { heartbeatMs: 0 };
    const body = Stream.fromSSEResponse(createTestResponse([transcript]).response).toSSEReadableStream(options);
    options.heartbeatMs = 1;
    expect(await textOf(body)).not.toContain(': ping');
  });

  test('sseDataFrames(): return() releases the upstream at once, and a next() that waits for the code ends', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const frames = stream.sseDataFrames();
    const waiting = frames.next();
    const returned = frames.return!();
    await eventually(() => stats.cancelled);
    expect(await returned).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    load.open();
    expect(await frames.next()).toEqual({ value: undefined, done: true });
    expect(stats.cancelCalls).toBe(1);
  });

  test('sseDataFrames(): throw() releases the upstream at once and rejects with its error, and a next() that waits for the code ends', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const frames = stream.sseDataFrames();
    const waiting = frames.next();
    const reason = new Error('premature close');
    const thrown = frames.throw?.(reason);
    await eventually(() => stats.cancelled);
    await expect(thrown).rejects.toBe(reason);
    expect(await waiting).toEqual({ value: undefined, done: true });
    load.open();
    expect(await frames.next()).toEqual({ value: undefined, done: true });
    expect(stats.cancelCalls).toBe(1);
  });

  test('textDeltas(): return() while the first next() waits for the code releases the body at once, and that next() ends', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const deltas = stream.textDeltas();
    const waiting = deltas.next();
    const returned = deltas.return();
    await eventually(() => stats.cancelled);
    expect(await returned).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    load.open();
    expect(await deltas.next()).toEqual({ value: undefined, done: true });
  });

  test('textDeltas(): return() before any next() reads nothing, and the stream can still be read; it is an async generator', async () => {
    const load = heldLoad();
    const { stream, stats } = openStream(await freshStream(load));
    const deltas = stream.textDeltas();
    expect(Object.prototype.toString.call(deltas)).toBe('[object AsyncGenerator]');
    expect(deltas[Symbol.asyncIterator]()).toBe(deltas);
    expect(await deltas.return()).toEqual({ value: undefined, done: true });
    expect(stats.cancelled).toBe(false);
    load.open();
    const again = stream.textDeltas();
    expect((await again.next()).value).toBe(contents[0]);
    await again.return();
  });
});

describe('reading the upstream while the code loads', () => {
  /** A stream whose body holds the first chunks and then fails when `breakOff()` is called (a connection reset). */
  function breakingStream(Stream: typeof StreamClass) {
    let breakOff = (): void => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encodeSSETranscript(chunks.slice(0, 3), { done: false }));
        breakOff = () => controller.error(new TypeError('terminated'));
      },
    });
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    return { stream, breakOff: () => breakOff() };
  }

  /** What `first` and the `next()` calls after it give, and the error they end with. */
  async function rest<T>(first: Promise<IteratorResult<T>>, iterator: AsyncIterator<T>): Promise<{ items: T[]; error: unknown }> {
    const items: T[] = [];
    try {
      for (let result = await first; result.done !== true; result = await iterator.next()) items.push(result.value);
    } catch (error) {
      return { items, error };
    }
    return { items, error: undefined };
  }

  // A body that fails drops what it still holds: a read that began only once the code had come lost the chunks
  // that the loaded method, reading from its first next(), showed before the error.
  test('begins at the first next() of sseDataFrames() and textDeltas(), the first read of toSSEReadableStream() and the call of finalChatCompletion(), as the loaded methods do', async () => {
    const load = heldLoad();
    const Stream = await freshStream(load);
    const framed = breakingStream(Stream);
    const frames = framed.stream.sseDataFrames();
    const firstFrame = frames.next();
    const texts = breakingStream(Stream);
    const deltas = texts.stream.textDeltas();
    const firstDelta = deltas.next();
    const encoded = breakingStream(Stream);
    const reader = encoded.stream.toSSEReadableStream({ heartbeatMs: 0 }).getReader();
    const firstBytes = reader.read();
    const merged = breakingStream(Stream);
    const final = rejectionOf(merged.stream.finalChatCompletion());
    // The reads take what the bodies hold, then the connections break, all before the code has come.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const { breakOff } of [framed, texts, encoded, merged]) breakOff();
    load.open();
    // Cut off after its chunks, not before the first: a body that failed unread says so.
    expect(await final).toBeInstanceOf(StreamTruncatedError);
    expect((await final as Error).message).toMatch(/broke off in the middle of the stream/);
    const readFrames = await rest(firstFrame, frames);
    expect(readFrames.items.map(({ chunk }) => chunk)).toEqual(chunks.slice(0, 3));
    expect(readFrames.error).toBeInstanceOf(StreamTruncatedError);
    const readDeltas = await rest(firstDelta, deltas);
    expect(readDeltas.items.join('')).toBe(contents.slice(0, 2).join(''));
    expect(readDeltas.error).toBeInstanceOf(StreamTruncatedError);
    const bytes = await rest(firstBytes, { next: () => reader.read() });
    const sse = bytes.items.map((piece) => new TextDecoder().decode(piece)).join('');
    const events = sse.split('\n\n').filter((event) => event !== '');
    expect(events.slice(0, 3).map((event) => JSON.parse(event.replace(/^data: /, '')))).toEqual(chunks.slice(0, 3));
    expect(events.slice(3)).toEqual([expect.stringMatching(/^event: error\ndata: .*"code":"stream_truncated"/)]);
  });
});

describe('the first use, once its code has loaded', () => {
  test('writes the bytes that later uses write, heartbeat options included', async () => {
    const Stream = await freshStream();
    const encode = (options: Parameters<StreamClass<unknown>['toSSEReadableStream']>[0]) =>
      textOf(Stream.fromSSEResponse(createTestResponse([transcript]).response).toSSEReadableStream(options));
    const ndjson = () => textOf(Stream.fromSSEResponse(createTestResponse([transcript]).response).toReadableStream());
    const [firstSSE, firstNDJSON] = [await encode({ heartbeatMs: 0 }), await ndjson()];
    expect(firstSSE).toBe(await encode({ heartbeatMs: 0 }));
    expect(firstSSE).not.toContain(': ping');
    expect(firstNDJSON).toBe(await ndjson());
    expect(await encode({})).toMatch(/^: ping\n\n/);
  });
});

describe('a load that fails', () => {
  const failure = () => new TypeError('Failed to fetch dynamically imported module: https://app.example/assets/stream-methods-1a2b.js');

  test("is the error of the stream that needed the code, a GroqError that names the method, and the upstream is released", async () => {
    const Stream = await freshStream({ failure: failure() });
    const cases = {
      'toSSEReadableStream()': (stream: StreamClass<ChatCompletionChunk>) => stream.toSSEReadableStream().getReader().read(),
      'toReadableStream()': (stream: StreamClass<ChatCompletionChunk>) => stream.toReadableStream().getReader().read(),
      'sseDataFrames()': (stream: StreamClass<ChatCompletionChunk>) => stream.sseDataFrames().next(),
      'textDeltas()': (stream: StreamClass<ChatCompletionChunk>) => stream.textDeltas().next(),
      'finalChatCompletion()': (stream: StreamClass<ChatCompletionChunk>) => stream.finalChatCompletion(),
    };
    for (const [method, read] of Object.entries(cases)) {
      // Stalled: nothing but the release can let its body go.
      const { stream, stats } = stalledStream(Stream);
      const error = await rejectionOf(read(stream));
      expect(error).toBeInstanceOf(GroqError);
      expect((error as GroqError).message).toContain(`${method} could not load its code`);
      // What the import threw, under vitest's own words for a mock that failed.
      expect(causesOf(error)).toContain(failure().message);
      await eventually(() => stats.cancelled);
      expect({ method, aborted: stream.controller.signal.aborted }).toEqual({ method, aborted: true });
    }
  });

  test('ends the iterator it failed: a next() after it is done', async () => {
    const Stream = await freshStream({ failure: failure() });
    const frames = openStream(Stream).stream.sseDataFrames();
    await expect(frames.next()).rejects.toBeInstanceOf(GroqError);
    expect(await frames.next()).toEqual({ value: undefined, done: true });
    const deltas = openStream(Stream).stream.textDeltas();
    await expect(deltas.next()).rejects.toBeInstanceOf(GroqError);
    expect(await deltas.next()).toEqual({ value: undefined, done: true });
  });
});
