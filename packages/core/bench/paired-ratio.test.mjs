import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairedRatio } from './paired-ratio.mjs';

// The processes' medians (ms) at 1 KiB of the run of 2026-12-05 18:03 (`10d8a69`, the one the chart shows): the
// second process ran everything 1.4 to 1.5× faster than the other two.
const bareMs = [313.8, 210.8, 287.9];
const oursMs = [346.4, 238.4, 347.9];

describe('pairedRatio', () => {
  it("judges the median of each process's own ratio, and keeps every process's and the ratio of the medians beside it", () => {
    const ratio = pairedRatio(bareMs, oursMs); // ours/bare as speeds: bare's time over ours'
    expect(ratio.each).toEqual([313.8 / 346.4, 210.8 / 238.4, 287.9 / 347.9]); // 0.906, 0.884, 0.828
    expect(ratio.paired).toBe(210.8 / 238.4); // 0.884: the middle one
    // The estimator before: the third process's bare over the first's ours, two processes that were never compared.
    expect(ratio.independent).toBe(287.9 / 346.4); // 0.831
  });

  it('cannot be moved by a process that runs everything slower or faster', () => {
    for (const [process, factor] of [[0, 1.6], [1, 1.3], [2, 1.5], [1, 1 / 1.5]]) {
      const slower = (values) => values.map((value, index) => (index === process ? value * factor : value));
      expect(pairedRatio(slower(bareMs), slower(oursMs)).paired).toBeCloseTo(pairedRatio(bareMs, oursMs).paired, 12);
    }
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 50, max: 500, noNaN: true }), fc.double({ min: 0.7, max: 1.1, noNaN: true })), { minLength: 1, maxLength: 7 }),
        fc.nat(),
        fc.double({ min: 1.3, max: 1.6, noNaN: true }),
        (processes, which, factor) => {
          // Each process: bare's median and ours/bare in it; one of them then runs both readers `factor` times slower.
          const bare = processes.map(([ms]) => ms);
          const ours = processes.map(([ms, ratio]) => ms / ratio);
          const slow = which % processes.length;
          const slower = (values) => values.map((value, index) => (index === slow ? value * factor : value));
          expect(pairedRatio(slower(bare), slower(ours)).paired).toBeCloseTo(pairedRatio(bare, ours).paired, 9);
        },
      ),
    );
  });

  it('pairs only the processes where both readers have a figure, and takes each median apart over what there is', () => {
    const ratio = pairedRatio([100, undefined, 120, 90], [110, 130, undefined, 100]);
    expect(ratio.each).toEqual([100 / 110, undefined, undefined, 90 / 100]);
    expect(ratio.paired).toBe((100 / 110 + 90 / 100) / 2);
    expect(ratio.independent).toBe(100 / 110); // medians 100 (of 90, 100, 120) and 110 (of 100, 110, 130)
    expect(pairedRatio([100, undefined], [undefined, 90])).toBeUndefined();
    expect(pairedRatio([], [])).toBeUndefined();
  });
});
