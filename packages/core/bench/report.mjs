// The ratios of each piece size, formatting the results table and the lines under it, and judging the targets.
import { pairedRatio } from './paired-ratio.mjs';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (value) => (value === undefined ? '—' : integer.format(value));
export const formatRatio = (value) => (value === undefined ? '—' : `${value.toFixed(2)}×`);
export const formatMs = (ms) => (ms < 10_000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 ? 1 : 0)} KiB`;
  return `${bytes} B`;
}

/** A plain-text table with a header row; columns after the first are right-aligned. */
export function formatTable(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('   '), ...rows.map(line)].join('\n');
}

/**
 * The ratios of one piece size, of speeds, paired by process (see RATIO_METHOD in paired-ratio.mjs), from the
 * readers' entries (each with `medianMs` and, from several processes, `processMediansMs` in process order; no
 * `medianMs` for a reader that failed). Returns `{ ratios, processRatios, independentRatios }`: the judged ones
 * (the median of the processes' own ratios), each process's, and the ratio of the readers' medians over the
 * processes, the estimator judged before 2026-12-05; with one process the three agree. Keys `oursOverBare`,
 * `oursOverGroqSdk`, `bareOverGroqSdk`, and `floorOverBare`, `oursOverFloor` (undefined unless floor ran).
 */
export function pieceRatios(entries) {
  // Each process's median time, in process order; none for a reader that failed in any process.
  const times = (name) => (entries[name]?.medianMs === undefined ? [] : (entries[name].processMediansMs ?? [entries[name].medianMs]));
  // A ratio of speeds is the inverse ratio of times.
  const compare = (top, bottom) => pairedRatio(times(bottom), times(top));
  const pairs = {
    oursOverBare: compare('ours', 'bare'),
    oursOverGroqSdk: compare('ours', 'groq-sdk'),
    bareOverGroqSdk: compare('bare', 'groq-sdk'),
    // The opt-in floor's, not judged: printed under the table (`floorLines`).
    floorOverBare: compare('floor', 'bare'),
    oursOverFloor: compare('ours', 'floor'),
  };
  const pick = (key) => Object.fromEntries(Object.entries(pairs).map(([name, pair]) => [name, pair?.[key]]));
  return { ratios: pick('paired'), processRatios: pick('each'), independentRatios: pick('independent') };
}

/**
 * One ratio as the run prints it under the table: `name`, then each process's ratio in the order they ran (—
 * where a reader has no figure in it), their median (the paired ratio) and the ratio of the medians beside it;
 * with one process, which makes the two the same, the ratio alone. `ratio`: `pairedRatio`'s result, or
 * undefined when no process has both figures.
 */
export function formatPairedRatio(name, ratio) {
  if (ratio === undefined) return `${name} —`;
  if (ratio.each.length < 2) return `${name} ${formatRatio(ratio.paired)}`;
  const each = ratio.each.map((value) => (value === undefined ? '—' : value.toFixed(2))).join(' / ');
  return `${name} ${each} → ${formatRatio(ratio.paired)} (medians ${formatRatio(ratio.independent)})`;
}

/**
 * The lines under the table for the opt-in reader (d) floor, per piece size: its speed, and floor/bare and
 * ours/floor paired by process as the judged ratios are (`pieceResults[].ratios`, `processRatios` and
 * `independentRatios`, keys `floorOverBare` and `oursOverFloor`). None when no piece size has a floor.
 */
export function floorLines(pieceResults) {
  if (!pieceResults.some((result) => result.variants.floor)) return [];
  const ratio = (result, key) =>
    result.ratios[key] === undefined ? undefined : { paired: result.ratios[key], each: result.processRatios[key], independent: result.independentRatios[key] };
  return pieceResults.map((result) => {
    const floor = result.variants.floor;
    const speed = floor === undefined ? 'skipped' : floor.chunksPerSecond ? `${formatCount(floor.chunksPerSecond)} chunks/s` : 'FAILED';
    return `${formatSize(result.pieceSize).padStart(7)}: ${speed}, ${formatPairedRatio('floor/bare', ratio(result, 'floorOverBare'))}, ${formatPairedRatio('ours/floor', ratio(result, 'oursOverFloor'))}`;
  });
}

/**
 * The targets, each judged PASS, FAIL, or SKIP when a number it needs is missing.
 * `pieceResults` holds one entry per piece size with `ratios`; `bigEvent` holds `ratioOursOverBare`.
 */
export function judgeTargets(pieceResults, bigEvent) {
  const targets = [];
  const add = (name, value, pass, failure) =>
    targets.push({
      name,
      value,
      status: failure ? 'FAIL' : value === undefined ? 'SKIP' : pass(value) ? 'PASS' : 'FAIL',
      ...(failure && { failure }),
    });
  const oursFailure = (result) => result?.variants.ours?.failure && `ours gave wrong results (${result.variants.ours.failure})`;
  for (const result of pieceResults) {
    add(`ours ≥ 0.85× bare, ${formatSize(result.pieceSize)} pieces`, result.ratios.oursOverBare, (ratio) => ratio >= 0.85, oursFailure(result));
  }
  const bySize = (size) => pieceResults.find((result) => result.pieceSize === size);
  add('ours ≥ 4× groq-sdk, 16 KiB pieces', bySize(16384)?.ratios.oursOverGroqSdk, (ratio) => ratio >= 4, oursFailure(bySize(16384)));
  add('ours ≥ 2.5× groq-sdk, 280 B pieces', bySize(280)?.ratios.oursOverGroqSdk, (ratio) => ratio >= 2.5, oursFailure(bySize(280)));
  if (bigEvent) {
    const name = `${formatSize(bigEvent.contentBytes)} event: ours < 3× bare's time`;
    add(name, bigEvent.ratioOursOverBare, (ratio) => ratio < 3, oursFailure(bigEvent));
  }
  return targets;
}
