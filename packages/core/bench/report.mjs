// Formatting the results table and judging the targets.

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
