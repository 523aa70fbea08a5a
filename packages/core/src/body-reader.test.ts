import { describe, expect, test } from 'vitest';
import { bodyReaderOf, withDirectReader, type BodyReader } from './body-reader.js';
import { Stream } from './stream.js';
import { readAll } from './test/read-all.js';

const encoder = new TextEncoder();
const event = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

/** A web stream that must never be read, and a direct reader of `pieces` that counts what it is asked. */
function directBody(pieces: string[], open: (reader: BodyReader) => BodyReader | undefined = (reader) => reader) {
  const calls = { open: 0, reads: 0, webPulls: 0 };
  const queue = pieces.map((piece) => encoder.encode(piece));
  const reader: BodyReader = {
    read: () => {
      calls.reads += 1;
      const value = queue.shift();
      return Promise.resolve(value === undefined ? { done: true as const, value: undefined } : { done: false as const, value });
    },
    cancel: () => Promise.resolve(),
  };
  const web = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        calls.webPulls += 1;
        const value = queue.shift();
        if (value === undefined) controller.close();
        else controller.enqueue(value);
      },
    },
    { highWaterMark: 0 },
  );
  const body = withDirectReader(web, () => {
    calls.open += 1;
    return open(reader);
  });
  return { body, calls };
}

describe('withDirectReader', () => {
  test("the SDK's stream reads the body through the direct reader, never through the web stream", async () => {
    const line = (content: string, finish: string | null = null): string => `${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n`;
    const { body, calls } = directBody([line('a'), line('b'), line('', 'stop')]);
    const { items, error } = await readAll(Stream.fromReadableStream(body));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
    expect(calls).toMatchObject({ open: 1, webPulls: 0 });
    expect(calls.reads).toBeGreaterThanOrEqual(3);
    expect(body.locked).toBe(true);
  });

  test('reads every chunk in order, across pieces that split events', async () => {
    const { body, calls } = directBody([event('a') + event('b').slice(0, 9), event('b').slice(9), event('', 'stop'), 'data: [DONE]\n\n']);
    const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const { items, error } = await readAll(Stream.fromSSEResponse<{ choices: { delta: { content: string } }[] }>(response));
    expect(error).toBeUndefined();
    expect(items.map((item) => item.choices[0]!.delta.content)).toEqual(['a', 'b', '']);
    expect(calls.webPulls).toBe(0);
  });

  test('when open() declines (the web stream was read already), the web stream is read instead', async () => {
    const { body, calls } = directBody([event('a'), event('', 'stop'), 'data: [DONE]\n\n'], () => undefined);
    const { items, error } = await readAll(Stream.fromSSEResponse(new Response(body)));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(calls.open).toBe(1);
    expect(calls.reads).toBe(0);
    expect(calls.webPulls).toBeGreaterThan(0);
  });

  test('next() called again before the last one settled waits its turn: the direct reader is never asked for two reads at once', async () => {
    // A reader that keeps the contract's "one read at a time" strictly, as the Node transport's does, with
    // pieces that arrive later (so that reads are pending while next() is called again).
    const queue = [event('a'), event('b'), event('c'), event('', 'stop'), 'data: [DONE]\n\n'].map((piece) => encoder.encode(piece));
    let reading = false;
    const reader: BodyReader = {
      read: () => {
        if (reading) return Promise.reject(new TypeError('A read is already in progress on this body.'));
        reading = true;
        return new Promise((resolve) =>
          setTimeout(() => {
            reading = false;
            const value = queue.shift();
            resolve(value === undefined ? { done: true, value: undefined } : { done: false, value });
          }, 5),
        );
      },
      cancel: () => Promise.resolve(),
    };
    const body = withDirectReader(new ReadableStream<Uint8Array>(), () => reader);
    const stream = Stream.fromSSEResponse<{ choices: { delta: { content: string } }[] }>(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const iterator = stream[Symbol.asyncIterator]();
    // As an async generator allows (and a web stream's reader, which queues reads): several calls at once.
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((result) => (result.done ? 'done' : result.value.choices[0]!.delta.content))).toEqual(['a', 'b', 'c', '', 'done']);
  });

  test('a locked body throws as getReader() does, and open() is asked once at most', () => {
    const { body, calls } = directBody([event('a')]);
    bodyReaderOf(body);
    expect(() => bodyReaderOf(body)).toThrow(TypeError);
    expect(calls.open).toBe(1);
  });
});
