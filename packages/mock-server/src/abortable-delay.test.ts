import { describe, expect, test } from 'vitest';
import { abortableDelay } from './abortable-delay.js';

describe('abortableDelay', () => {
  test('waits, and resolves true', async () => {
    const started = performance.now();
    expect(await abortableDelay(20, new AbortController().signal)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  test('a wait longer than one Node timer allows (about 24.8 days) still waits, rather than firing after 1 ms', async () => {
    const controller = new AbortController();
    let settled: boolean | undefined;
    const waiting = abortableDelay(1e12, controller.signal).then((value) => (settled = value));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBeUndefined();
    controller.abort();
    expect(await waiting).toBe(false);
  });

  test('an abort, before or during the wait, resolves false', async () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(await abortableDelay(1000, aborted.signal)).toBe(false);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    expect(await abortableDelay(10_000, controller.signal)).toBe(false);
  });
});
