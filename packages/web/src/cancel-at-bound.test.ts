import { eventually } from '@groq-stream/core/test';
import { describe, expect, test, vi } from 'vitest';
import { cancelAtBound } from './cancel-at-bound.js';

/** A reader of a body that never delivers, and whether it was cancelled. */
function waitingReader(): { reader: ReadableStreamDefaultReader<Uint8Array>; state: { cancelled: boolean } } {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull: () => new Promise<void>(() => undefined),
    cancel: () => {
      state.cancelled = true;
    },
  });
  return { reader: body.getReader(), state };
}

describe('cancelAtBound', () => {
  test('cancels each reader at its bound, one clock for all, and none that ended first', async () => {
    const first = waitingReader();
    const second = waitingReader();
    const ended = waitingReader();
    const now = performance.now();
    cancelAtBound(first.reader, now + 20);
    cancelAtBound(second.reader, now + 60);
    cancelAtBound(ended.reader, now + 10)();
    await eventually(() => first.state.cancelled && second.state.cancelled);
    // Its bound came before the others': had it been kept, it would have been cancelled by now.
    expect(ended.state.cancelled).toBe(false);
  });

  test('a bound earlier than those waiting is kept: its reader is cancelled first', async () => {
    const later = waitingReader();
    const earlier = waitingReader();
    const stopLater = cancelAtBound(later.reader, performance.now() + 60_000);
    cancelAtBound(earlier.reader, performance.now() + 20);
    await eventually(() => earlier.state.cancelled);
    expect(later.state.cancelled).toBe(false);
    stopLater();
  });

  test('a reader whose cancel() throws at once leaves the others to their bounds', async () => {
    // A runtime that refuses to touch one request's body from code run for another (Cloudflare's workerd throws
    // so): the shared clock fires in the context of the latest request to wait, not of each reader's own.
    const refusing = waitingReader();
    refusing.reader.cancel = () => {
      throw new Error('Cannot perform I/O on behalf of a different request.');
    };
    const other = waitingReader();
    cancelAtBound(refusing.reader, performance.now() + 10);
    cancelAtBound(other.reader, performance.now() + 40);
    await eventually(() => other.state.cancelled);
  });
});

describe('cancelAtBound and the wall clock', () => {
  test('a wall clock set back while a reader waits does not put its bound off', async () => {
    const reader = waitingReader();
    cancelAtBound(reader.reader, performance.now() + 30);
    // As when NTP steps the clock back an hour: the wait was for 30 ms, not for Date.now() to come round again.
    const realNow = Date.now.bind(Date);
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
    try {
      await eventually(() => reader.state.cancelled);
    } finally {
      spy.mockRestore();
    }
  });
});
