import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { writeSseStream } from './write-sse-stream.js';

// A stand-in for a ServerResponse whose socket is full after each write until the test emits 'drain'.
class FullResponse extends EventEmitter {
  readonly writes: string[] = [];
  full = true;
  write(text: string, callback?: (error?: Error | null) => void): boolean {
    this.writes.push(text);
    callback?.(null);
    return !this.full;
  }
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

const ticks = (count: number, size = 100_000) => Array.from({ length: count }, (_, index) => `${index}`.padEnd(size, '.'));

describe('writeSseStream', () => {
  it('waits for drain after a write returns false', async () => {
    const response = new FullResponse();
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, ticks: ticks(3), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(response.writes).toHaveLength(1);
    response.emit('drain');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(response.writes).toHaveLength(2);
    response.full = false;
    response.emit('drain');
    expect(await done).toBe(true);
    expect(response.writes).toHaveLength(3);
  });

  it('stops waiting for drain as soon as the signal aborts', async () => {
    const response = new FullResponse();
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, ticks: ticks(3), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await done).toBe(false);
    expect(response.writes).toHaveLength(1);
    expect(response.listenerCount('drain')).toBe(0);
  });

  it('batches small unthrottled ticks into few writes', async () => {
    const response = new FullResponse();
    response.full = false;
    const controller = new AbortController();
    expect(await writeSseStream({ response: response as unknown as ServerResponse, ticks: ticks(10_000, 20), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal })).toBe(true);
    expect(response.writes.join('')).toBe(ticks(10_000, 20).join(''));
    expect(response.writes.length).toBeLessThanOrEqual(5);
  });

  it.each([
    ['the TTFT wait', { ttftMs: 10_000, tokensPerSecond: 0 }],
    ['a paced stream', { ttftMs: 0, tokensPerSecond: 2 }],
  ])('leaves no timer behind when aborted during %s', async (_, pace) => {
    const response = new FullResponse();
    response.full = false;
    const controller = new AbortController();
    const before = activeTimeouts();
    const done = writeSseStream({ response: response as unknown as ServerResponse, ticks: ticks(10, 10), signal: controller.signal, ...pace });
    await new Promise((resolve) => setImmediate(resolve));
    expect(activeTimeouts()).toBe(before + 1);
    const start = performance.now();
    controller.abort();
    expect(await done).toBe(false);
    expect(performance.now() - start).toBeLessThan(50);
    expect(activeTimeouts()).toBe(before);
  });
});
