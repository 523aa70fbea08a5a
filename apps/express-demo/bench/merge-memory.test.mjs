import { describe, expect, it } from 'vitest';
import { median, mergeMemory } from './merge-memory.mjs';

const KiB = 1024;
/** One process's figures as measureMemory returns them; the snapshots carry `rss` to tell them apart. */
const measured = (marginalRss, { rss = 70 * KiB, heap = 32.5 * KiB, heapTotal = 41 * KiB, marginalHeap = 32 * KiB } = {}) => ({
  idle: { rss: 87 * 2 ** 20 },
  open: { rss: 120 * 2 ** 20 },
  doubled: { rss: 120 * 2 ** 20 + 500 * marginalRss },
  rss,
  heap,
  heapTotal,
  marginal: { rss: marginalRss, heap: marginalHeap },
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, whatever the order', () => {
    expect(median([84, 41, 47])).toBe(47);
    expect(median([3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('mergeMemory', () => {
  it('judges the median process, not the first or the worst, and keeps every process in run order', () => {
    const processes = [measured(84.1 * KiB), measured(41 * KiB), measured(47.5 * KiB)];
    const merged = mergeMemory(processes);
    expect(merged.marginal.rss).toBe(47.5 * KiB);
    expect(merged.processes.map((m) => m.marginal.rss / KiB)).toEqual([84.1, 41, 47.5]);
    expect(merged.doubled).toBe(processes[2].doubled);
  });

  it('takes the median of each figure on its own', () => {
    const merged = mergeMemory([
      measured(90 * KiB, { rss: 60 * KiB, heap: 33 * KiB, marginalHeap: 31 * KiB }),
      measured(40 * KiB, { rss: 80 * KiB, heap: 32 * KiB, marginalHeap: 33 * KiB }),
      measured(50 * KiB, { rss: 70 * KiB, heap: 34 * KiB, marginalHeap: 32 * KiB }),
    ]);
    expect(merged).toMatchObject({ rss: 70 * KiB, heap: 33 * KiB, heapTotal: 41 * KiB, marginal: { rss: 50 * KiB, heap: 32 * KiB } });
  });

  it('of an even count, averages the figures and shows the snapshots of the higher middle process', () => {
    const processes = [measured(40 * KiB), measured(90 * KiB), measured(50 * KiB), measured(60 * KiB)];
    const merged = mergeMemory(processes);
    expect(merged.marginal.rss).toBe(55 * KiB);
    expect(merged.doubled).toBe(processes[3].doubled);
  });

  it('passes one process through as it was measured', () => {
    const only = measured(47.5 * KiB);
    expect(mergeMemory([only])).toMatchObject({ rss: only.rss, heap: only.heap, marginal: only.marginal, idle: only.idle, processes: [only] });
  });

  it('sums the refused streams of every process, since one process with refusals voids the figures', () => {
    expect(mergeMemory([{ ...measured(40 * KiB), refused: 17 }, { ...measured(50 * KiB), refused: 0 }, { ...measured(60 * KiB), refused: 74 }]).refused).toBe(91);
    expect(mergeMemory([measured(40 * KiB)]).refused).toBe(0);
  });

  it('refuses no processes at all rather than judging NaN', () => {
    expect(() => mergeMemory([])).toThrow(RangeError);
  });
});
