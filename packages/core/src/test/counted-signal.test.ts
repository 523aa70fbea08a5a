import { describe, expect, test } from 'vitest';
import { countedSignal } from './counted-signal.js';

describe('countedSignal', () => {
  test('open holds the abort listeners not yet removed, peak the most it held at once', () => {
    const counted = countedSignal();
    const { controller, open } = counted;
    expect([open.size, counted.peak]).toEqual([0, 0]);
    const [first, second, third] = [() => undefined, () => undefined, () => undefined];
    for (const listener of [first, second, third]) controller.signal.addEventListener('abort', listener);
    controller.signal.removeEventListener('abort', second);
    controller.signal.removeEventListener('abort', third);
    controller.signal.addEventListener('abort', second);
    // Other events are not counted.
    controller.signal.addEventListener('other', third);
    expect(open).toEqual(new Set([first, second]));
    expect(counted.peak).toBe(3);
  });
});
