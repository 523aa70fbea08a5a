// Formatting the results table and judging the targets.
import { pairByRound } from './paired-ratio.mjs';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (value) => (value === undefined ? '—' : integer.format(value));
export const formatRatio = (value) => (value === undefined ? '—' : `${value.toFixed(2)}×`);
export const formatMs = (ms) => (ms === undefined ? '—' : ms < 10_000 ? `${integer.format(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
export const formatPercent = (value) => (value === undefined ? '—' : `${integer.format(value)} %`);

/** A plain-text table with a header row; columns after the first are right-aligned. */
export function formatTable(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('   '), ...rows.map(line)].join('\n');
}

/** The same table in Markdown, for BENCHMARKS.md. */
export function formatMarkdownTable(header, rows) {
  const line = (row) => `| ${row.join(' | ')} |`;
  return [line(header), line(header.map((_, column) => (column === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/**
 * The targets, each PASS, FAIL, or SKIP when a number it needs is missing (a client left out or failed):
 * ours ≥ 3× groq-sdk's chunks/s on both cases, and ours' first-chunk p50 under load ≤ ⅓ of groq-sdk's
 * (judged as groq-sdk's p50 / ours ≥ 3, so that the printed ratio reads like the other two). Every ratio is
 * the median of the rounds' own ratios (`caseRatios`); the detail gives the ratio of the medians beside it.
 * Each has a `key` (case id and metric) and its `threshold`, for the chart of packages/core/bench/chart.
 */
export function judgeTargets(single, concurrent) {
  const targets = [];
  const threshold = 3;
  const add = (key, name, value, detail, failure) =>
    targets.push({
      key,
      name,
      value,
      threshold,
      detail,
      status: failure ? 'FAIL' : value === undefined ? 'SKIP' : value >= threshold ? 'PASS' : 'FAIL',
      ...(failure && { failure }),
    });
  const oursFailure = (result) => result?.clients.ours?.failure && `ours failed (${result.clients.ours.failure})`;
  const ofMedians = (value) => `; the ratio of the medians ${formatRatio(value)}`;
  const speeds = (result) =>
    `ours ${formatCount(result.clients.ours?.chunksPerSecond)}/s, groq-sdk ${formatCount(result.clients['groq-sdk']?.chunksPerSecond)}/s` +
    ofMedians(result.independentRatios?.oursOverGroqSdk);
  if (single) {
    add('single.chunksPerSecond', `${single.title}: ours ≥ 3× groq-sdk's chunks/s`, single.ratios.oursOverGroqSdk, speeds(single), oursFailure(single));
  }
  if (concurrent) {
    add('concurrent.chunksPerSecond', `${concurrent.title}: ours ≥ 3× groq-sdk's aggregate chunks/s`, concurrent.ratios.oursOverGroqSdk, speeds(concurrent), oursFailure(concurrent));
    const p50 = (name) => concurrent.clients[name]?.firstChunkP50Ms;
    add(
      'concurrent.firstChunkP50Ms',
      `${concurrent.title}: ours' first-chunk p50 ≤ ⅓ of groq-sdk's (groq-sdk/ours ≥ 3×)`,
      concurrent.ratios.firstChunkP50GroqSdkOverOurs,
      `ours ${formatMs(p50('ours'))}, groq-sdk ${formatMs(p50('groq-sdk'))}${ofMedians(concurrent.independentRatios?.firstChunkP50GroqSdkOverOurs)}`,
      oursFailure(concurrent),
    );
  }
  return targets;
}

const names = ['groq-sdk', 'bare', 'ours', 'bytes'];
const labels = { 'groq-sdk': '(a) groq-sdk', bare: '(b) bare', ours: '(c) ours', bytes: '(d) bytes only' };
const ratioHeader = ['ours/groq-sdk', 'ours/bare', 'bare/groq-sdk'];

/**
 * The ratios of one case, paired by round (see RATIO_METHOD in paired-ratio.mjs): chunks/s, first-chunk p50 and
 * p99, and client CPU per chunk (the last three ratios of times). Returns `{ ratios, roundRatios,
 * independentRatios }`: the judged ones (the median of the rounds' own ratios), each round's (undefined where a
 * client has no run), and the ratio of the clients' medians over the rounds, the estimator judged before 2026-12-05.
 */
export function caseRatios(entries) {
  // A ratio of speeds is the inverse ratio of times: every client of a case carries the same chunks a run.
  const speed = (top, bottom) => pairByRound(entries, 'ms', bottom, top);
  const time = (key, top, bottom) => pairByRound(entries, key, top, bottom);
  const pairs = {
    oursOverGroqSdk: speed('ours', 'groq-sdk'),
    oursOverBare: speed('ours', 'bare'),
    bareOverGroqSdk: speed('bare', 'groq-sdk'),
    firstChunkP50OursOverGroqSdk: time('firstChunkP50Ms', 'ours', 'groq-sdk'),
    firstChunkP50OursOverBare: time('firstChunkP50Ms', 'ours', 'bare'),
    firstChunkP50BareOverGroqSdk: time('firstChunkP50Ms', 'bare', 'groq-sdk'),
    firstChunkP99OursOverGroqSdk: time('firstChunkP99Ms', 'ours', 'groq-sdk'),
    firstChunkP99OursOverBare: time('firstChunkP99Ms', 'ours', 'bare'),
    firstChunkP99BareOverGroqSdk: time('firstChunkP99Ms', 'bare', 'groq-sdk'),
    // groq-sdk's over ours' of each round, which the first-chunk target judges and the chart draws, rather than the
    // inverse of ours/groq-sdk: with an even number of rounds the median of inverses is not the inverse of the median.
    firstChunkP50GroqSdkOverOurs: time('firstChunkP50Ms', 'groq-sdk', 'ours'),
    firstChunkP99GroqSdkOverOurs: time('firstChunkP99Ms', 'groq-sdk', 'ours'),
    // Client CPU time per chunk: for the same reason, the ratio of the runs' CPU times.
    clientCpuOursOverGroqSdk: time('clientCpuMs', 'ours', 'groq-sdk'),
    clientCpuOursOverBare: time('clientCpuMs', 'ours', 'bare'),
    clientCpuBareOverGroqSdk: time('clientCpuMs', 'bare', 'groq-sdk'),
  };
  const pick = (key) => Object.fromEntries(Object.entries(pairs).map(([name, pair]) => [name, pair?.[key]]));
  return { ratios: pick('paired'), roundRatios: pick('each'), independentRatios: pick('independent') };
}

/**
 * The lines under the main table: for each case and ratio that could be computed, every round's ratio, their
 * median (the judged one) and the ratio of the medians beside it.
 */
export function roundRatioLines(cases) {
  return ratioLines(cases, [
    ['oursOverGroqSdk', 'chunks/s ours/groq-sdk'],
    ['oursOverBare', 'chunks/s ours/bare'],
    ['firstChunkP50OursOverGroqSdk', 'first chunk p50 ours/groq-sdk'],
  ]);
}

/** The same lines for the CPU table's ratios, client CPU per chunk: paired by round as the others are. */
export function cpuRatioLines(cases) {
  return ratioLines(cases, [
    ['clientCpuOursOverGroqSdk', 'client CPU per chunk ours/groq-sdk'],
    ['clientCpuOursOverBare', 'client CPU per chunk ours/bare'],
    ['clientCpuBareOverGroqSdk', 'client CPU per chunk bare/groq-sdk'],
  ]);
}

// `shown`: [key of the case's ratios, name] in the order printed.
function ratioLines(cases, shown) {
  // As in the main table, the first chunk only where streams compete for it.
  return cases.flatMap((result) =>
    shown
      .filter(([key]) => result.ratios[key] !== undefined && (result.streams > 1 || !key.startsWith('firstChunk')))
      .map(([key, name]) => {
        const rounds = result.roundRatios[key].map((value) => (value === undefined ? '—' : value.toFixed(2))).join(' / ');
        return `${result.title}, ${name}: ${rounds} → ${formatRatio(result.ratios[key])} (medians ${formatRatio(result.independentRatios[key])})`;
      }),
  );
}

// One row of a case: a cell per reader ('skipped' when not run, 'FAILED' when it failed), then ratios.
function row(result, what, format, ratios) {
  const cells = names.map((name) => {
    const entry = result.clients[name];
    if (!entry) return 'skipped';
    return entry.runs.length === 0 ? 'FAILED' : format(entry);
  });
  return [`${result.title}: ${what}`, ...cells, ...ratios];
}

/** The main table: chunks/s per case, and first-chunk p50/p99 of the concurrent case. */
export function resultTable(cases) {
  const rows = [];
  for (const result of cases) {
    const { ratios } = result;
    rows.push(
      row(result, `chunks/s${result.streams > 1 ? ' (all)' : ''}`, (entry) => formatCount(entry.chunksPerSecond), [
        formatRatio(ratios.oursOverGroqSdk),
        formatRatio(ratios.oursOverBare),
        formatRatio(ratios.bareOverGroqSdk),
      ]),
    );
    if (result.streams === 1) continue;
    for (const p of [50, 99]) {
      rows.push(
        row(result, `first chunk p${p}*`, (entry) => formatMs(entry[`firstChunkP${p}Ms`]), [
          formatRatio(ratios[`firstChunkP${p}OursOverGroqSdk`]),
          formatRatio(ratios[`firstChunkP${p}OursOverBare`]),
          formatRatio(ratios[`firstChunkP${p}BareOverGroqSdk`]),
        ]),
      );
    }
  }
  return { header: ['case', ...names.map((name) => labels[name]), ...ratioHeader], rows };
}

/**
 * Client CPU time per chunk (with ratios, paired by round as the main table's: `cpuRatioLines` gives the ratio of
 * the medians beside them), and CPU use of the client and of the mock, per case.
 */
export function cpuTable(cases) {
  const rows = cases.flatMap((result) => [
    row(
      result,
      'client CPU per chunk',
      (entry) => `${entry.clientCpuMicrosecondsPerChunk.toFixed(2)} µs`,
      [result.ratios.clientCpuOursOverGroqSdk, result.ratios.clientCpuOursOverBare, result.ratios.clientCpuBareOverGroqSdk].map(formatRatio),
    ),
    row(
      result,
      'CPU use, client / mock',
      (entry) => `${formatPercent(entry.clientCpuPercent)} / ${entry.serverCpuPercent === undefined ? 'n/a' : formatPercent(entry.serverCpuPercent)}`,
      ['', '', ''],
    ),
  ]);
  return { header: ['case', ...names.map((name) => labels[name]), ...ratioHeader], rows };
}
