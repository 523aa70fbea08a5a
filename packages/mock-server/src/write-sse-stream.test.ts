import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { waitUntil } from './test/mock-test-helpers.js';
import { writeSseStream, type SseSteps } from './write-sse-stream.js';

// A stand-in for a ServerResponse whose socket is full after each write until the test emits 'drain'.
class FullResponse extends EventEmitter {
  readonly writes: string[] = [];
  full = true;
  write(bytes: Buffer, callback?: (error?: Error | null) => void): boolean {
    this.writes.push(bytes.toString('utf8'));
    callback?.(null);
    return !this.full;
  }
}

// Steps that write the given texts, one a step.
function textSteps(texts: string[]): SseSteps {
  return { count: texts.length, append: (batch, step) => batch.appendText(texts[step]!) };
}

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/** Waits until the writer waits for `drain` after its `writes`-th write: it has written all it may until then. */
const waitingForDrain = (response: FullResponse, writes: number): Promise<number> =>
  waitUntil(() => response.writes.length === writes && response.listenerCount('drain') === 1);

const texts = (count: number, size = 100_000) => Array.from({ length: count }, (_, index) => `${index}`.padEnd(size, '.'));

describe('writeSseStream', () => {
  it('waits for drain after a write returns false', async () => {
    const response = new FullResponse();
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, steps: textSteps(texts(3)), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await waitingForDrain(response, 1);
    response.emit('drain');
    await waitingForDrain(response, 2);
    response.full = false;
    response.emit('drain');
    expect(await done).toBe(true);
    expect(response.writes).toHaveLength(3);
  });

  it('stops waiting for drain as soon as the signal aborts', async () => {
    const response = new FullResponse();
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, steps: textSteps(texts(3)), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await waitingForDrain(response, 1);
    controller.abort();
    expect(await done).toBe(false);
    expect(response.writes).toHaveLength(1);
    expect(response.listenerCount('drain')).toBe(0);
  });

  it('writes nothing for no steps, and reports them all handed over', async () => {
    const response = new FullResponse();
    const steps = textSteps([]);
    expect(await writeSseStream({ response: response as unknown as ServerResponse, steps, ttftMs: 0, tokensPerSecond: 0, signal: new AbortController().signal })).toBe(true);
    expect(response.writes).toEqual([]);
  });

  it('batches small unthrottled steps into few writes', async () => {
    const response = new FullResponse();
    response.full = false;
    const controller = new AbortController();
    expect(await writeSseStream({ response: response as unknown as ServerResponse, steps: textSteps(texts(10_000, 20)), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal })).toBe(true);
    expect(response.writes.join('')).toBe(texts(10_000, 20).join(''));
    expect(response.writes.length).toBeLessThanOrEqual(5);
    expect(response.writes.slice(1, -1).every((text) => text.length >= 64 * 1024 && text.length < 64 * 1024 + 20)).toBe(true);
  });

  it('writes the first step on its own at once, before producing the rest', async () => {
    const response = new FullResponse();
    const controller = new AbortController();
    const appended: number[] = [];
    const steps: SseSteps = {
      count: 1000,
      append(batch, step) {
        appended.push(step);
        batch.appendText(`data: ${step}\n\n`);
      },
    };
    const done = writeSseStream({ response: response as unknown as ServerResponse, steps, ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await waitingForDrain(response, 1);
    expect(response.writes).toEqual(['data: 0\n\n']);
    expect(appended).toEqual([0]);
    response.full = false;
    response.emit('drain');
    expect(await done).toBe(true);
    expect(response.writes.join('')).toBe(Array.from({ length: 1000 }, (_, step) => `data: ${step}\n\n`).join(''));
  });

  it('gives the event loop a turn between unthrottled batches, even when the socket takes everything', async () => {
    const response = new FullResponse();
    response.full = false;
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, steps: textSteps(texts(40, 64 * 1024)), ttftMs: 0, tokensPerSecond: 0, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(response.writes.length).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(response.writes.length).toBeLessThanOrEqual(3);
    controller.abort();
    expect(await done).toBe(false);
    expect(response.writes.length).toBeLessThanOrEqual(4);
  });

  it.each([
    // Each wait an hour long: one waited out, not cut short, fails by the test's timeout.
    ['the TTFT wait', { ttftMs: 3_600_000, tokensPerSecond: 0 }],
    ['a paced stream', { ttftMs: 0, tokensPerSecond: 1 / 3600 }],
  ])('leaves no timer behind when aborted during %s', async (_, pace) => {
    const response = new FullResponse();
    response.full = false;
    const controller = new AbortController();
    const done = writeSseStream({ response: response as unknown as ServerResponse, steps: textSteps(texts(10, 10)), signal: controller.signal, ...pace });
    await new Promise((resolve) => setImmediate(resolve));
    // The test runner has timers of its own that come and go (more so on a busy machine): count ours
    // against `during`, taken in the same turn of the event loop as the count after the abort.
    const during = activeTimeouts();
    expect(during).toBeGreaterThanOrEqual(1);
    controller.abort();
    expect(await done).toBe(false);
    expect(activeTimeouts()).toBe(during - 1);
  });
});
