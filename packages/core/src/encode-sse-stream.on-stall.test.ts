import { describe, expect, test, vi } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import { splitBytes } from './test/split-bytes.js';

// `onStall` tells a relay that its reader stopped taking bytes and the stream was stopped for it: a runtime
// then closes the connection, and nothing else says why the answer was cut short.
const transcript = encodeSSETranscript(createChunkTranscript({ chunks: 30, seed: 9 }));

/** A stream of the transcript that the test body holds open (no end comes unless it is read to it). */
function openStream() {
  const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
  return { stream: Stream.fromSSEResponse(response), stats };
}

describe('toSSEReadableStream: onStall', () => {
  test('is called once, with the chunks sent, when the reader takes no bytes for stallTimeoutMs; the upstream is cancelled, and onCancel is not called', async () => {
    const { stream, stats } = openStream();
    const onStall = vi.fn();
    const onCancel = vi.fn();
    const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onStall, onCancel }).getReader();
    await reader.read();
    await reader.read();
    // The reader stops reading here.
    await eventually(() => stats.cancelCalls === 1);
    expect(onStall.mock.calls).toEqual([[{ chunks: 2 }]]);
    expect(stream.controller.signal.aborted).toBe(true);
    await expect(reader.read()).rejects.toThrow(/took no bytes for 50 ms/);
    // A runtime may cancel the failed body as it drops the connection: no second call, and no onCancel.
    await expect(reader.cancel()).rejects.toThrow(/took no bytes for 50 ms/);
    expect(onStall).toHaveBeenCalledOnce();
    expect(onCancel).not.toHaveBeenCalled();
  });

  test('is called before the upstream is aborted, as onCancel is', async () => {
    const { stream } = openStream();
    const abortedWhenCalled: boolean[] = [];
    const reader = stream
      .toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onStall: () => void abortedWhenCalled.push(stream.controller.signal.aborted) })
      .getReader();
    await reader.read();
    await eventually(() => stream.controller.signal.aborted);
    expect(abortedWhenCalled).toEqual([false]);
  });

  test('is not called for a reader that cancels, nor for an answer read to its end', async () => {
    const onStall = vi.fn();
    const { stream, stats } = openStream();
    const cancelled = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onStall }).getReader();
    await cancelled.read();
    await cancelled.cancel();
    expect(stats.cancelCalls).toBe(1);
    const whole = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100)).response).toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onStall }).getReader();
    let text = '';
    for (let read = await whole.read(); !read.done; read = await whole.read()) text += new TextDecoder().decode(read.value);
    expect(text).toMatch(/data: \[DONE\]\n\n$/);
    // Past the stall clock of both, had it been left running: a reader's next read would come no later.
    const later = openStream();
    const watcher = later.stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50, onStall: () => undefined }).getReader();
    await watcher.read();
    await eventually(() => later.stats.cancelCalls === 1);
    expect(onStall).not.toHaveBeenCalled();
  });

  test('one that throws is logged, redacted, and the upstream is cancelled all the same', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { stream, stats } = openStream();
      const reader = stream
        .toSSEReadableStream({
          heartbeatMs: 0,
          stallTimeoutMs: 50,
          onStall: () => {
            throw new Error('logger down for gsk_test_secret_key_1234567890');
          },
        })
        .getReader();
      await reader.read();
      await eventually(() => stats.cancelCalls === 1);
      expect(stream.controller.signal.aborted).toBe(true);
      expect(error).toHaveBeenCalledOnce();
      expect(String(error.mock.calls[0]?.[0])).toBe('[groq-stream] the onStall option threw; the stream was stopped and its upstream request aborted all the same.');
      expect(String((error.mock.calls[0]?.[1] as Error).message)).not.toContain('gsk_test_secret');
      await expect(reader.read()).rejects.toThrow(/took no bytes for 50 ms/);
    } finally {
      error.mockRestore();
    }
  });

  test('one that is not a function is refused before the stream is taken', async () => {
    const { stream } = openStream();
    expect(() => stream.toSSEReadableStream({ onStall: 'log' as never })).toThrow(GroqError);
    expect(() => stream.toSSEReadableStream({ onStall: 'log' as never })).toThrow(/^onStall must be a function, called when the reader takes no bytes for stallTimeoutMs, got a string/);
    // Nothing was taken: the stream still reads.
    expect((await stream.toSSEReadableStream({ heartbeatMs: 0 }).getReader().read()).done).toBe(false);
  });
});

describe('toSSEReadableStream: the stall clock and the wall clock', () => {
  test('a wall clock set forward does not fail a reader that keeps reading', async () => {
    vi.useFakeTimers();
    try {
      const { stream, stats } = openStream();
      const onStall = vi.fn();
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 100, onStall }).getReader();
      await reader.read();
      await vi.advanceTimersByTimeAsync(60);
      await reader.read();
      // As when NTP steps the clock forward an hour, or a VM resumes: the reader took bytes 50 ms ago, not an hour.
      vi.setSystemTime(Date.now() + 3_600_000);
      await vi.advanceTimersByTimeAsync(50);
      expect(onStall).not.toHaveBeenCalled();
      expect(stats.cancelCalls).toBe(0);
      // It still stops a reader that takes nothing for the limit.
      await vi.advanceTimersByTimeAsync(60);
      expect(onStall).toHaveBeenCalledOnce();
      expect(stats.cancelCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a wall clock set back while the reader takes nothing does not put the stall off', async () => {
    const { stream, stats } = openStream();
    const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 50 }).getReader();
    await reader.read();
    await reader.read();
    // Set back an hour: the limit is 50 ms without a read, not until Date.now() comes round again.
    const realNow = Date.now.bind(Date);
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
    try {
      await eventually(() => stats.cancelCalls === 1);
    } finally {
      spy.mockRestore();
    }
    await expect(reader.read()).rejects.toThrow(/took no bytes for 50 ms/);
  });
});
