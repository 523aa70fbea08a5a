// What run.mjs prints for a setup: its samples as a compact table, the error kinds seen, the verdict.
import { retainedMB } from './verdict.mjs';

const columns = [
  ['phase', (s) => s.phase],
  ['s', (s) => s.seconds],
  ['streams', (s) => s.done],
  ['in flight', (s) => s.inFlight],
  ['heap MB', (s) => s.heapMB.toFixed(2)],
  ['ext MB', (s) => s.externalMB.toFixed(2)],
  ['retained', (s) => retainedMB(s).toFixed(2)],
  ['rss MB', (s) => s.rssMB.toFixed(0)],
  ['sockets', (s) => s.resources.TCPSocketWrap ?? 0],
  ['timers', (s) => s.resources.Timeout ?? 0],
  ['handles', (s) => Object.values(s.resources).reduce((sum, count) => sum + count, 0)],
  ['mock open', (s) => s.mockOpen],
  ['relay conns', (s) => s.relayConnections ?? '-'],
  ['listeners', (s) => s.sharedListeners],
];

/** The samples, one row each, columns right-aligned. */
export function samplesTable(samples) {
  const rows = [columns.map(([title]) => title), ...samples.map((sample) => columns.map(([, value]) => String(value(sample))))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

/** "APIUserAbortError 812, StreamIdleTimeoutError 301, ...": how the scenarios ended, other than plain "ok". */
export function endings(outcomes) {
  const totals = {};
  for (const counts of Object.values(outcomes)) {
    for (const [ending, count] of Object.entries(counts)) if (ending !== 'runs') totals[ending] = (totals[ending] ?? 0) + count;
  }
  return Object.entries(totals).sort(([, a], [, b]) => b - a).map(([ending, count]) => `${ending} ${count}`).join(', ');
}

export function verdictText(label, verdict) {
  const memory = verdict.limitMB === undefined ? ''
    : ` (retained ${verdict.growthMB >= 0 ? '+' : ''}${verdict.growthMB.toFixed(2)} MB over ${verdict.streams} streams, limit ${verdict.limitMB.toFixed(2)} MB)`;
  return [`${label}: ${verdict.pass ? 'PASS' : 'FAIL'}${memory}`, ...verdict.reasons.map((reason) => `  - ${reason}`)].join('\n');
}
