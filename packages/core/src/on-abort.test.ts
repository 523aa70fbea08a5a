import { afterEach, describe, expect, test, vi } from 'vitest';
import { onAbort } from './on-abort.js';

/** The `abort` listeners on `signal`, counted through the EventTarget API alone (no Node helper). */
function listenerCount(signal: AbortSignal): () => number {
  let count = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
    count += 1;
    add(...args);
  };
  signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
    count -= 1;
    remove(...args);
  };
  return () => count;
}

describe('onAbort', () => {
  test('keeps one listener on a signal however many subscribe, and calls each of them once on abort', () => {
    const controller = new AbortController();
    const count = listenerCount(controller.signal);
    const calls: number[] = [];
    for (let index = 0; index < 50; index++) onAbort(controller.signal, () => calls.push(index));
    expect(count()).toBe(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });

  test('a subscriber that stops listening is not called, and the last one takes the listener off', () => {
    const controller = new AbortController();
    const count = listenerCount(controller.signal);
    const calls: string[] = [];
    const stopA = onAbort(controller.signal, () => calls.push('a'));
    const stopB = onAbort(controller.signal, () => calls.push('b'));
    stopA();
    stopA();
    expect(count()).toBe(1);
    stopB();
    expect(count()).toBe(0);
    // A later subscriber gets a listener of its own again.
    onAbort(controller.signal, () => calls.push('c'));
    expect(count()).toBe(1);
    controller.abort();
    expect(calls).toEqual(['c']);
  });

  describe('a subscriber that throws', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    test('does not keep the others from being called, and its error is reported as a listener error', () => {
      const reported: unknown[] = [];
      vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
      const controller = new AbortController();
      const calls: string[] = [];
      const failure = new Error('listener bug');
      onAbort(controller.signal, () => calls.push('a'));
      onAbort(controller.signal, () => {
        throw failure;
      });
      onAbort(controller.signal, () => calls.push('c'));
      controller.abort();
      expect(calls).toEqual(['a', 'c']);
      expect(reported).toEqual([failure]);
    });

    test('without reportError, its error is thrown where nothing catches it, after the others ran', async () => {
      vi.stubGlobal('reportError', undefined);
      const thrown: unknown[] = [];
      vi.stubGlobal('queueMicrotask', (callback: () => void) => {
        try {
          callback();
        } catch (error) {
          thrown.push(error);
        }
      });
      const controller = new AbortController();
      const calls: string[] = [];
      const failure = new Error('listener bug');
      onAbort(controller.signal, () => {
        throw failure;
      });
      onAbort(controller.signal, () => calls.push('b'));
      controller.abort();
      expect(calls).toEqual(['b']);
      expect(thrown).toEqual([failure]);
    });
  });
});
