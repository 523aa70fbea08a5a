import { describe, expect, test } from 'vitest';
import { trackTimers } from './track-timers.js';

describe('trackTimers', () => {
  test('keeps the timers set from a matching frame until they fire or are cleared, and no others', async () => {
    const timers = trackTimers(/track-timers\.test\.ts:/);
    try {
      const cleared = setTimeout(() => undefined, 60_000);
      const interval = setInterval(() => undefined, 60_000);
      let fired = false;
      setTimeout(() => (fired = true), 0);
      expect(timers.pending().map(({ kind, ms }) => [kind, ms])).toEqual([
        ['timeout', 60_000],
        ['interval', 60_000],
        ['timeout', 0],
      ]);
      expect(timers.pending()[0]?.setBy).toMatch(/track-timers\.test\.ts:/);
      clearTimeout(cleared);
      clearInterval(interval);
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(fired).toBe(true);
      expect(timers.pending()).toEqual([]);
    } finally {
      timers.stop();
    }
  });

  test('leaves out timers set from other frames, and stop() puts the global functions back', () => {
    const original = globalThis.setTimeout;
    const timers = trackTimers(/no-such-file\.ts:/);
    expect(globalThis.setTimeout).not.toBe(original);
    const timer = setTimeout(() => undefined, 60_000);
    expect(timers.pending()).toEqual([]);
    clearTimeout(timer);
    timers.stop();
    expect(globalThis.setTimeout).toBe(original);
  });
});
