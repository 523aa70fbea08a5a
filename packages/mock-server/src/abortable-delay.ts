import { setTimeout as delay } from 'node:timers/promises';

// The longest a Node timer waits: given more, it fires after 1 ms (with a TimeoutOverflowWarning), so a
// huge `x-mock-ttft-ms`, or a token rate near 0, would answer at once instead of never.
const longestTimerMs = 2 ** 31 - 1;

/**
 * Waits `milliseconds`, or less if `signal` aborts first. Resolves `false` when aborted, and then the
 * timer is already cleared: a client that goes away leaves no timer behind. A wait longer than one timer
 * allows takes several, one after another.
 */
export async function abortableDelay(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  let left = milliseconds;
  while (left > 0) {
    const step = Math.min(left, longestTimerMs);
    try {
      await delay(step, undefined, { signal });
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
    left -= step;
  }
  return true;
}
