import { describe, expect, test } from 'vitest';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

const chunk = (content: string, finish: string | null = null) => ({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** A response whose body gives `pieces`, then breaks as a reset connection does (fetch's `terminated`). */
const breakingAfter = (...pieces: string[]): Response => createTestResponse(pieces, { breakWith: new TypeError('terminated') }).response;

describe('ChunkReader: the end of a body that breaks', () => {
  test('a [DONE] line that arrived whole before the connection broke ends the stream, as it does at a clean end', async () => {
    const clean = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event(chunk('', 'stop')), 'data: [DONE]\n']).response));
    expect(clean.error).toBeUndefined();
    const broken = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), event(chunk('', 'stop')), 'data: [DONE]\n')));
    expect(broken).toEqual(clean);
    // Not even a finish_reason: [DONE] alone says the answer is complete.
    expect((await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'data: [DONE]\r\n')))).error).toBeUndefined();
  });

  test('an error event whose lines arrived whole before the connection broke raises the server message', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'event: error\ndata: {"error":{"message":"overloaded"}}\n')));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toContain('overloaded');
  });

  test('a chunk whose data line arrived whole before the connection broke is delivered before the truncation', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), `data: ${JSON.stringify(chunk('b'))}\n`)));
    expect(items).toEqual([chunk('a'), chunk('b')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('broke off');
  });

  test('a line cut off by the break is still discarded', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'data: [DONE]')));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });
});

describe('ChunkReader: [DONE]', () => {
  test.each(['data: [DONE] \n\n', 'data:  [DONE]\n\n', 'data: [DONE]\t\n\n'])('%j ends the stream, as it does in groq-sdk', async (done) => {
    const { response } = createTestResponse([event(chunk('a')), done, event(chunk('late'))]);
    expect(await readAll(Stream.fromSSEResponse(response))).toEqual({ items: [chunk('a')], error: undefined });
  });
});
