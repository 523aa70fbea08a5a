// What the measured process's event-loop stalls coincided with: a pause of its CPU that the probe there
// saw too (no task could run: the host or the kernel), one of its own GC pauses, or neither (its own work,
// or another task holding its CPU). Pauses are [end, length] in ms on one monotonic clock.

/** [start, end] intervals of `pauses`, sorted, with the overlapping ones joined. */
export function merged(...lists) {
  const intervals = lists
    .flat()
    .map(([end, length]) => [end - length, end])
    .sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [start, end] of intervals) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** The time, in ms, during which both sets of pauses were under way. */
export function overlap(a, b) {
  const left = merged(a);
  const right = merged(b);
  let total = 0;
  for (let i = 0, j = 0; i < left.length && j < right.length; ) {
    total += Math.max(0, Math.min(left[i][1], right[j][1]) - Math.max(left[i][0], right[j][0]));
    if (left[i][1] < right[j][1]) i++;
    else j++;
  }
  return total;
}

/**
 * The stalls (count, total, longest) and how much of their time the CPU's probe was paused too
 * (`withCpuPaused`), a GC pause was under way (`inGc`), and neither (`neither`).
 */
export function explainStalls(stalls, { cpuPauses = [], gcPauses = [] } = {}) {
  const asPauses = (intervals) => intervals.map(([start, end]) => [end, end - start]);
  const total = stalls.reduce((sum, [, length]) => sum + length, 0);
  return {
    count: stalls.length,
    total,
    max: stalls.reduce((max, [, length]) => Math.max(max, length), 0),
    withCpuPaused: overlap(stalls, cpuPauses),
    inGc: overlap(stalls, gcPauses),
    neither: total - overlap(stalls, asPauses(merged(cpuPauses, gcPauses))),
  };
}
