import { describe, expect, test, vi } from 'vitest';
import { lazyReadableStream } from './lazy-readable-stream.js';

const encoder = new TextEncoder();

describe('lazyReadableStream', () => {
  test('each read is one pull of the loaded source, with nothing pulled ahead, as from the encoders; a cancel goes to the source', async () => {
    let pulls = 0;
    const cancel = vi.fn();
    const beforeLoad = { cancel: vi.fn(), release: vi.fn() };
    const stream = lazyReadableStream(async () => ({
      pull(controller) {
        pulls += 1;
        controller.enqueue(encoder.encode(`piece ${pulls}`));
      },
      cancel,
    }), beforeLoad);
    const reader = stream.getReader();
    // Time for the source to load and for a stream that reads ahead to do so.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(0);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('piece 1');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('piece 2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(2);
    await reader.cancel('gone');
    expect(cancel).toHaveBeenCalledWith('gone');
    expect(beforeLoad.cancel).not.toHaveBeenCalled();
    expect(beforeLoad.release).not.toHaveBeenCalled();
  });

  test('a cancel before the source has loaded calls beforeLoad.cancel at once, and not the source once it comes', async () => {
    let finishLoad = (_source: UnderlyingDefaultSource<Uint8Array>): void => undefined;
    const source = { pull: vi.fn(), cancel: vi.fn() };
    const beforeLoad = { cancel: vi.fn(), release: vi.fn() };
    const stream = lazyReadableStream(() => new Promise((resolve) => (finishLoad = resolve)), beforeLoad);
    await stream.cancel('gone');
    expect(beforeLoad.cancel).toHaveBeenCalledWith('gone');
    finishLoad(source);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(source.cancel).not.toHaveBeenCalled();
    expect(source.pull).not.toHaveBeenCalled();
    expect(beforeLoad.release).not.toHaveBeenCalled();
  });
});
