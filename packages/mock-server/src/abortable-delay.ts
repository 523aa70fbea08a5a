import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `milliseconds`, or less if `signal` aborts first. Resolves `false` when aborted, and then the
 * timer is already cleared: a client that goes away leaves no timer behind.
 */
export async function abortableDelay(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (milliseconds <= 0) return true;
  try {
    await delay(milliseconds, undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}
