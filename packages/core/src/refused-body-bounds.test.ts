import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { refusedBodyBounds } from './refused-body-bounds.js';

describe('refusedBodyBounds', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('reads up to 16 MiB more, or maxBodyBytes when that is more', () => {
    expect(refusedBodyBounds({}, Date.now()).bytes).toBe(16 * 1024 * 1024);
    expect(refusedBodyBounds({ maxBodyBytes: 1024 }, Date.now()).bytes).toBe(16 * 1024 * 1024);
    expect(refusedBodyBounds({ maxBodyBytes: 32 * 1024 * 1024 }, Date.now()).bytes).toBe(32 * 1024 * 1024);
  });

  test('waits for what is left of bodyTimeoutMs since the body began', () => {
    const started = Date.now();
    vi.advanceTimersByTime(2_500);
    expect(refusedBodyBounds({ bodyTimeoutMs: 4_000 }, started).ms).toBe(1_500);
    expect(refusedBodyBounds({}, started).ms).toBe(7_500);
  });

  test('with bodyTimeoutMs 0 (no limit for the body) still lets the connection go after the default 10 s', () => {
    expect(refusedBodyBounds({ bodyTimeoutMs: 0 }, Date.now()).ms).toBe(10_000);
  });

  // performance.now() is the monotonic clock: NTP stepping the wall clock, or a VM resumed, moves Date.now() alone.
  test('counts from a performance.now() time on the monotonic clock: a wall clock stepped an hour during the upload shifts nothing', () => {
    const started = performance.now();
    vi.advanceTimersByTime(2_500);
    for (const step of [-3_600_000, 3_600_000]) {
      const spy = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + step);
      try {
        expect(refusedBodyBounds({ bodyTimeoutMs: 4_000 }, started).ms).toBe(1_500);
        expect(refusedBodyBounds({}, started).ms).toBe(7_500);
      } finally {
        spy.mockRestore();
      }
    }
  });

  test('still takes a Date.now() time, as it did before, told from a performance.now() one by which clock it is near', () => {
    const started = Date.now();
    vi.advanceTimersByTime(2_500);
    expect(refusedBodyBounds({ bodyTimeoutMs: 4_000 }, started).ms).toBe(1_500);
    expect(refusedBodyBounds({ bodyTimeoutMs: 4_000 }, performance.now() - 2_500).ms).toBe(1_500);
  });

  test('waits no more once the body time is over (after a 408)', () => {
    const started = Date.now();
    vi.advanceTimersByTime(6_000);
    expect(refusedBodyBounds({ bodyTimeoutMs: 5_000 }, started).ms).toBe(0);
  });
});
