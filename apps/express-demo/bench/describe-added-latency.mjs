// The figure the latency target is judged on, with the floor's beside it.
import { ms } from './format.mjs';

const runsOf = (row) => (row.runs?.length > 1 ? `, the median of ${row.runs.length} runs: ${row.runs.map((run) => ms(run.added.p99)).join(', ')}` : '');

/**
 * The relay's added p99 at the judged level (`row`, with p50 and every run's p99 when it ran several times),
 * then the floor's (`floorRow`: `transport` + a byte copy, no relay, measured in the same rounds), so that
 * a verdict is read next to what this machine gives without any relay. No floor row: the relay's alone.
 */
export function describeAddedLatency(row, floorRow, transport) {
  const relay = `${ms(row.added.p99)} (p50 ${ms(row.added.p50)})${runsOf(row)}`;
  return floorRow ? `${relay}; the floor (${transport} + byte copy, no relay): ${ms(floorRow.added.p99)}${runsOf(floorRow)}` : relay;
}
