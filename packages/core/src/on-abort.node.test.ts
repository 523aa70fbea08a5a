import { describe, expect, test } from 'vitest';
import { onAbort } from './on-abort.js';
import { isCollected } from './test/collect-garbage.node.js';

/** Subscribes a listener that holds 1 KiB, made in a function of its own so that the caller holds only the WeakRef. */
function listenWithBytes(signal: AbortSignal): { held: WeakRef<object>; stop: () => void } {
  const bytes = new Uint8Array(1024);
  const stop = onAbort(signal, () => void bytes.fill(0));
  return { held: new WeakRef(bytes), stop };
}

describe('onAbort (Node, garbage collection)', () => {
  test("once the signal aborted, another caller's stop function, still kept, no longer keeps the listeners", async () => {
    const controller = new AbortController();
    const keptBefore = onAbort(controller.signal, () => undefined);
    const { held } = listenWithBytes(controller.signal);
    // Kept for as long as their owners live (node's body reader keeps its own, and a FinalizationRegistry may
    // keep that reader until the body the listener above holds is garbage).
    const keptAfter = onAbort(controller.signal, () => undefined);
    controller.abort();
    expect(await isCollected(held)).toBe(true);
    keptBefore();
    keptAfter();
  });

  test('the listener of whoever subscribed first is let go once it stops listening, while others still listen', async () => {
    const controller = new AbortController();
    let first: ReturnType<typeof listenWithBytes> | undefined = listenWithBytes(controller.signal);
    const kept = onAbort(controller.signal, () => undefined);
    const { held } = first;
    first.stop();
    first = undefined;
    expect(first).toBeUndefined();
    expect(await isCollected(held)).toBe(true);
    kept();
  });
});
