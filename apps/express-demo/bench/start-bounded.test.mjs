import { describe, expect, it } from 'vitest';
import { startBounded } from './start-bounded.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startBounded', () => {
  it('never has more than atOnce unsettled, and starts every one', async () => {
    let unsettled = 0;
    let most = 0;
    const started = await startBounded(20, { atOnce: 3, spacingMs: 0 }, async (index) => {
      most = Math.max(most, ++unsettled);
      await sleep(1 + (index % 4));
      unsettled--;
      return index;
    });
    expect(most).toBe(3);
    expect(await Promise.all(started)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('frees the place of a rejected start and leaves the rejection to the caller', async () => {
    const started = await startBounded(4, { atOnce: 1, spacingMs: 0 }, (index) => (index === 1 ? Promise.reject(new Error('refused')) : sleep(1).then(() => index)));
    const outcomes = await Promise.allSettled(started);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('starts them at least spacingMs apart', async () => {
    const times = [];
    await startBounded(4, { atOnce: 10, spacingMs: 5 }, async () => times.push(performance.now()));
    for (let index = 1; index < times.length; index++) expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(4);
  });
});
