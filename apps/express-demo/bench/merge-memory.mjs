// The memory figures of several fresh relay processes as one: what run.mjs judges and BENCHMARKS.md shows.

/** The middle value; of an even count, the mean of the middle two. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * `measurements`: one per process, in the order they ran, each as `measureMemory` returns it. Every figure
 * per stream is the median of the processes' figures, taken on its own, so that no one process decides a
 * verdict: the RSS of the same build's relay has ranged from 41 to 95 KiB per stream between processes
 * while its V8 heap stayed within 0.1 KiB. The snapshots (`idle`, `open`, `doubled`) are those of the
 * process whose RSS from N to 2N open is the median one (of an even count, the higher of the middle two),
 * since sizes of different processes do not add up to any one process. Every process's own figures stay in
 * `processes`. `refused`: the held streams the relay refused, summed over the processes.
 */
export function mergeMemory(measurements) {
  if (measurements.length === 0) throw new RangeError('mergeMemory needs the figures of at least one process');
  const figure = (of) => median(measurements.map(of));
  const byMarginalRss = [...measurements].sort((a, b) => a.marginal.rss - b.marginal.rss);
  const { idle, open, doubled } = byMarginalRss[byMarginalRss.length >> 1];
  return {
    idle,
    open,
    doubled,
    rss: figure((m) => m.rss),
    heap: figure((m) => m.heap),
    heapTotal: figure((m) => m.heapTotal),
    marginal: { rss: figure((m) => m.marginal.rss), heap: figure((m) => m.marginal.heap) },
    // Not a median: one process that held fewer streams than it divides by is enough to void the figures.
    refused: measurements.reduce((sum, m) => sum + (m.refused ?? 0), 0),
    processes: measurements,
  };
}
