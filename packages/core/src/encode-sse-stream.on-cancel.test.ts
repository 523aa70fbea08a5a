import { describe, expect, test, vi } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { splitBytes } from './test/split-bytes.js';

// `onCancel` tells a relay that the reader left before the end, which the bytes alone never say.
const transcript = encodeSSETranscript(createChunkTranscript({ chunks: 30, seed: 9 }));

/** A stream of the transcript that the test body holds open (no end comes unless it is read to it). */
function openStream() {
  const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
  return { stream: Stream.fromSSEResponse(response), stats };
}

/** Reads until a value holding `text`; returns the text read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  let read = '';
  while (!read.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    read += new TextDecoder().decode(value);
  }
  return read;
}

describe('toSSEReadableStream: onCancel', () => {
  test('is called once, with the chunks sent, when the reader cancels mid-answer; the upstream is cancelled too', async () => {
    const { stream, stats } = openStream();
    const onCancel = vi.fn();
    const reader = stream.toSSEReadableStream({ heartbeatMs: 0, onCancel }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await reader.cancel();
    expect(onCancel.mock.calls).toEqual([[{ chunks: 2 }]]);
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  test('is called with 0 chunks for a reader that cancels before its first read', async () => {
    const { stream, stats } = openStream();
    const onCancel = vi.fn();
    await stream.toSSEReadableStream({ heartbeatMs: 0, onCancel }).cancel();
    expect(onCancel.mock.calls).toEqual([[{ chunks: 0 }]]);
    expect(stats.cancelCalls).toBe(1);
  });

  test('is not called for an answer read to its end, [DONE] or an error event, even when the reader cancels after it', async () => {
    const onCancel = vi.fn();
    const whole = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100)).response).toSSEReadableStream({ heartbeatMs: 0, onCancel }).getReader();
    expect(await readUntil(whole, 'data: [DONE]')).toMatch(/data: \[DONE\]\n\n$/);
    await whole.cancel();
    const failing = new Stream(async function* () {
      yield { id: 'c1', choices: [] };
      throw new Error('upstream broke');
    } as () => AsyncIterator<unknown>, new AbortController());
    const failed = failing.toSSEReadableStream({ heartbeatMs: 0, onCancel }).getReader();
    expect(await readUntil(failed, 'event: error')).toContain('event: error');
    await failed.cancel();
    expect(onCancel).not.toHaveBeenCalled();
  });

  test('is not called for a stream that failed because the reader stalled (stallTimeoutMs): that is no cancel', async () => {
    // Fake timers: the stall comes when the test moves the clock, however loaded the machine.
    vi.useFakeTimers();
    try {
      const { stream } = openStream();
      const onCancel = vi.fn();
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onCancel }).getReader();
      await reader.read();
      // The stall at 50 ms, and the one turn more it gives (a 0 ms timer, which the fake clock runs 1 ms on).
      await vi.advanceTimersByTimeAsync(51);
      expect(stream.controller.signal.aborted).toBe(true);
      await expect(reader.read()).rejects.toThrow(/took no bytes for 50 ms/);
      expect(onCancel).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  test('one that throws rejects the cancel with its error, and the upstream is cancelled all the same', async () => {
    const { stream, stats } = openStream();
    const failure = new Error('logger down');
    const reader = stream
      .toSSEReadableStream({
        heartbeatMs: 0,
        onCancel: () => {
          throw failure;
        },
      })
      .getReader();
    await reader.read();
    await expect(reader.cancel()).rejects.toBe(failure);
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  test('one that is not a function is refused before the stream is taken', async () => {
    const { stream } = openStream();
    expect(() => stream.toSSEReadableStream({ onCancel: 'log' as never })).toThrow(GroqError);
    expect(() => stream.toSSEReadableStream({ onCancel: 'log' as never })).toThrow(/^onCancel must be a function, called when the reader cancels the stream before its end, got a string/);
    // Nothing was taken: the stream still reads.
    expect((await stream.toSSEReadableStream({ heartbeatMs: 0 }).getReader().read()).done).toBe(false);
  });
});
