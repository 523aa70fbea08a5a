import { describe, expect, it } from 'vitest';
import { floorLines, formatPairedRatio, pieceRatios } from './report.mjs';

// Three processes' medians (ms) at one piece size, where the second ran everything about 1.4× faster: the
// medians taken apart put the third process's bare beside the first's floor.
const entry = (processMediansMs) => ({ verified: true, processMediansMs, medianMs: [...processMediansMs].sort((a, b) => a - b)[1] });
const withoutFloor = () => ({ bare: entry([313.8, 210.8, 287.9]), ours: entry([346.4, 238.4, 347.9]) });
const entries = () => ({ ...withoutFloor(), floor: entry([330.3, 229.1, 320.0]) });
const speeds = (result) => {
  for (const variant of Object.values(result.variants)) variant.chunksPerSecond = 100_000 / (variant.medianMs / 1000);
  return result;
};

describe('pieceRatios', () => {
  it("pairs the opt-in floor by process as the judged ratios are, with each process's ratio and the ratio of the medians", () => {
    const ratios = pieceRatios(entries());
    // Speeds: floor/bare is bare's time over floor's, process by process: 0.950, 0.920, 0.900.
    expect(ratios.processRatios.floorOverBare).toEqual([313.8 / 330.3, 210.8 / 229.1, 287.9 / 320.0]);
    expect(ratios.ratios.floorOverBare).toBe(210.8 / 229.1);
    expect(ratios.independentRatios.floorOverBare).toBe(287.9 / 320.0); // the third's bare over the third's floor
    // ours/floor: 0.954, 0.961, 0.920; their median the first process's.
    expect(ratios.ratios.oursOverFloor).toBe(330.3 / 346.4);
    expect(ratios.independentRatios.oursOverFloor).toBe(320.0 / 346.4);
    expect(ratios.ratios.oursOverBare).toBe(210.8 / 238.4); // the judged ones as before
  });

  it('has no floor ratios when floor did not run or failed, and one figure each from one process', () => {
    expect(pieceRatios(withoutFloor()).ratios).toMatchObject({ floorOverBare: undefined, oursOverFloor: undefined });
    expect(pieceRatios({ ...withoutFloor(), floor: { verified: false, failure: 'process 2: wrong count' } }).ratios.floorOverBare).toBeUndefined();
    const one = pieceRatios({ bare: { medianMs: 300 }, floor: { medianMs: 320 } });
    expect(one.processRatios.floorOverBare).toEqual([300 / 320]);
    expect(one.ratios.floorOverBare).toBe(one.independentRatios.floorOverBare);
  });
});

describe('floorLines', () => {
  it('prints the paired floor ratios with the ratio of the medians beside them, as the judged lines are printed', () => {
    const result = speeds({ pieceSize: 1024, variants: entries(), ...pieceRatios(entries()) });
    expect(floorLines([result])).toEqual([
      '  1 KiB: 312,500 chunks/s, floor/bare 0.95 / 0.92 / 0.90 → 0.92× (medians 0.90×), ours/floor 0.95 / 0.96 / 0.92 → 0.95× (medians 0.92×)',
    ]);
  });

  it('prints one ratio from one process, — where a ratio cannot be taken, and nothing without a floor', () => {
    const one = { bare: { verified: true, medianMs: 300 }, floor: { verified: true, medianMs: 320 }, ours: { verified: false, failure: 'wrong count' } };
    const result = speeds({ pieceSize: 280, variants: { bare: one.bare, floor: one.floor }, ...pieceRatios(one) });
    result.variants.ours = one.ours;
    expect(floorLines([result])).toEqual(['  280 B: 312,500 chunks/s, floor/bare 0.94×, ours/floor —']);
    expect(floorLines([speeds({ pieceSize: 280, variants: withoutFloor(), ...pieceRatios(withoutFloor()) })])).toEqual([]);
  });
});

describe('formatPairedRatio', () => {
  it('marks a process without both figures, and gives the ratio alone when there was one process', () => {
    expect(formatPairedRatio('ours/bare', { paired: 0.9, each: [0.9, undefined, 0.95, 0.85], independent: 0.88 })).toBe('ours/bare 0.90 / — / 0.95 / 0.85 → 0.90× (medians 0.88×)');
    expect(formatPairedRatio('ours/bare', { paired: 0.9, each: [0.9], independent: 0.9 })).toBe('ours/bare 0.90×');
    expect(formatPairedRatio('ours/bare', undefined)).toBe('ours/bare —');
  });
});
