import { describe, expect, test, vi } from 'vitest';
import { lazyReadableStream } from './lazy-readable-stream.js';

const encoder = new TextEncoder();
const aWhile = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('lazyReadableStream', () => {
  test('loads its source at the first read; each read is one pull of it, with nothing pulled ahead, as from the encoders; a cancel goes to it', async () => {
    let loads = 0;
    let pulls = 0;
    const cancel = vi.fn();
    const beforeLoad = { cancel: vi.fn(), release: vi.fn() };
    const stream = lazyReadableStream(async () => {
      loads += 1;
      return {
        pull(controller) {
          pulls += 1;
          controller.enqueue(encoder.encode(`piece ${pulls}`));
        },
        cancel,
      };
    }, beforeLoad);
    const reader = stream.getReader();
    // Time for a stream that starts early, or reads ahead, to do so.
    await aWhile();
    expect(loads).toBe(0);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('piece 1');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('piece 2');
    await aWhile();
    expect({ loads, pulls }).toEqual({ loads: 1, pulls: 2 });
    await reader.cancel('gone');
    expect(cancel).toHaveBeenCalledWith('gone');
    expect(beforeLoad.cancel).not.toHaveBeenCalled();
    expect(beforeLoad.release).not.toHaveBeenCalled();
  });

  test('a cancel while the source loads calls beforeLoad.cancel at once, ends the waiting read, and the source is left alone once it comes', async () => {
    let finishLoad = (_source: UnderlyingDefaultSource<Uint8Array>): void => undefined;
    const source = { pull: vi.fn(), cancel: vi.fn() };
    const beforeLoad = { cancel: vi.fn(), release: vi.fn() };
    const reader = lazyReadableStream(() => new Promise((resolve) => (finishLoad = resolve)), beforeLoad).getReader();
    const read = reader.read();
    await reader.cancel('gone');
    expect(beforeLoad.cancel).toHaveBeenCalledWith('gone');
    expect(await read).toEqual({ value: undefined, done: true });
    finishLoad(source);
    await aWhile();
    expect(source.cancel).not.toHaveBeenCalled();
    expect(source.pull).not.toHaveBeenCalled();
    expect(beforeLoad.release).not.toHaveBeenCalled();
  });
});
