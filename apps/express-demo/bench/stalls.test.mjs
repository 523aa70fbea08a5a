import { describe, expect, it } from 'vitest';
import { explainStalls, merged, overlap } from './stalls.mjs';

describe('merged', () => {
  it('turns [end, length] pauses into sorted intervals, joining those that overlap', () => {
    expect(merged([[30, 10]], [[25, 10], [100, 5]])).toEqual([[15, 30], [95, 100]]);
  });
});

describe('overlap', () => {
  it('adds up the time both sets of pauses were under way', () => {
    // 10-30 against 20-25 and 28-40: 5 + 2.
    expect(overlap([[30, 20]], [[25, 5], [40, 12]])).toBe(7);
    expect(overlap([[10, 5]], [])).toBe(0);
  });
});

describe('explainStalls', () => {
  it('splits the stalls into time with the CPU paused, in GC, and neither', () => {
    // A stall 100-160: the CPU paused 100-140, a GC 130-150 (its 130-140 counts for both), nothing else 150-160.
    const stall = [[160, 60], [300, 6]];
    expect(explainStalls(stall, { cpuPauses: [[140, 40]], gcPauses: [[150, 20]] })).toEqual({
      count: 2,
      total: 66,
      max: 60,
      withCpuPaused: 40,
      inGc: 20,
      neither: 16,
    });
  });

  it('leaves everything unexplained without probes or GC pauses', () => {
    expect(explainStalls([[50, 10]])).toMatchObject({ withCpuPaused: 0, inGc: 0, neither: 10 });
  });
});
