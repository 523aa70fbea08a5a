import { afterEach, describe, expect, test, vi } from 'vitest';
import { IdleTimer } from './idle-timer.js';
import { eventually } from './test/eventually.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('IdleTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  test.each([Infinity, 2 ** 40])('a timeout of %d ms, longer than a timer holds, waits quietly instead of firing every millisecond', async (timeout) => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(timeout, onIdle);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    timer.beginRead();
    await wait(50);
    timer.stop();
    // A delay over 2^31 - 1 ms fires at once (Node warns with TimeoutOverflowWarning): each firing armed the next.
    expect(setTimeoutSpy.mock.calls.filter(([, delay]) => delay !== 50).length).toBe(1);
    expect(onIdle).not.toHaveBeenCalled();
  });

  test('a short timeout still fires', async () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(20, onIdle);
    timer.beginRead();
    // It fires after the limit and one more timer (see below). A fixed wait of 80 ms failed after a stall of a
    // loaded machine: its timer and the limit's came due at once, and the check ran before that one more timer.
    await eventually(() => onIdle.mock.calls.length > 0);
    await wait(50);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  test('past the limit it waits one more timer for an event the runtime has not read yet, once per silence', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const timer = new IdleTimer(100, onIdle);
    timer.beginRead();
    vi.advanceTimersByTime(100);
    expect(onIdle).not.toHaveBeenCalled();
    // The event that was waiting in the socket when the timer fired.
    timer.sawEvent = true;
    // 1 ms: a timer of 0 ms waits 1 ms, in Node as in these fake timers.
    vi.advanceTimersByTime(1);
    expect(onIdle).not.toHaveBeenCalled();
    // A new silence has a whole limit and one extra turn of its own, then fails.
    timer.beginRead();
    vi.advanceTimersByTime(99);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  test('a wall clock set forward while a read waits does not cut a silence short', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const timer = new IdleTimer(100, onIdle);
    timer.beginRead();
    vi.advanceTimersByTime(60);
    // An event, and a new silence begins with the next read, 40 ms before the timer fires.
    timer.sawEvent = true;
    timer.endRead();
    timer.beginRead();
    // As when NTP steps the clock forward an hour, or a VM resumes: 50 ms of silence is not 100.
    vi.setSystemTime(Date.now() + 3_600_000);
    vi.advanceTimersByTime(50);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  test('a wall clock set back while a read waits does not put the timeout off', async () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(30, onIdle);
    timer.beginRead();
    // Set back an hour: the wait was for 30 ms of silence, not for Date.now() to come round again.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
    try {
      await eventually(() => onIdle.mock.calls.length > 0);
    } finally {
      timer.stop();
    }
  });
});
