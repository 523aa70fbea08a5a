import { describe, expect, it } from 'vitest';
import { summarizePauses, summarizeSpeed } from './probes.mjs';

describe('summarizePauses', () => {
  it('counts, adds up and finds the longest pause of each CPU set', () => {
    const { cpus } = summarizePauses({ 0: [[100, 10], [200, 30]], 1: [] });
    expect(cpus).toEqual({ 0: { count: 2, total: 40, max: 30 }, 1: { count: 0, total: 0, max: 0 } });
  });

  it('finds the time every CPU set was paused at once', () => {
    // CPU 0 paused 90-100 and 170-200; CPU 1 95-120 and 180-190: together 95-100 and 180-190.
    expect(summarizePauses({ 0: [[100, 10], [200, 30]], 1: [[120, 25], [190, 10]] }).together).toBe(15);
  });

  it('counts no overlap for pauses that only touch, nor while one set had none', () => {
    expect(summarizePauses({ 0: [[100, 10]], 1: [[110, 10]] }).together).toBe(0);
    expect(summarizePauses({ 0: [[100, 10]], 1: [] }).together).toBe(0);
  });

  it('gives a single set its own pauses as the time all were paused', () => {
    expect(summarizePauses({ '1-3': [[100, 10], [200, 5]] }).together).toBe(15);
  });
});

describe('summarizeSpeed', () => {
  it('gives the median and the 10th percentile of the work times of each CPU set', () => {
    const times = Array.from({ length: 11 }, (_, index) => 120 + index); // 120 to 130, given in reverse below
    expect(summarizeSpeed({ 1: [...times].reverse(), 0: [] })).toEqual({ 1: { count: 11, median: 125, p10: 121 }, 0: { count: 0, median: Number.NaN, p10: Number.NaN } });
  });
});
