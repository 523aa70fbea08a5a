/**
 * Counts the separate moments at which pieces arrived: times closer than `gapMs` to the one before count
 * as one moment. A relay that streams shows many moments for a paced answer; one that buffers shows one
 * or two. Unlike the span from first to last arrival, the count survives a loaded machine stalling the
 * reader once (the pieces that queued meanwhile merge, the others stay apart).
 *
 * @param times - arrival times in milliseconds, in the order the pieces arrived
 * @param gapMs - the shortest gap, in milliseconds, that separates two moments. Default 20.
 * @example
 * expect(arrivalGroups(frames.map((frame) => frame.at))).toBeGreaterThanOrEqual(4);
 */
export function arrivalGroups(times: readonly number[], gapMs = 20): number {
  let groups = 0;
  let previous = -Infinity;
  for (const time of times) {
    if (time - previous >= gapMs) groups++;
    previous = time;
  }
  return groups;
}
