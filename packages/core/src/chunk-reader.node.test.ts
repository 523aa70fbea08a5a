import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

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
