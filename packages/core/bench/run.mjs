#!/usr/bin/env node
// `pnpm bench`: how fast groq-sdk, a bare eventsource-parser loop, and our Stream read the same
// Groq transcript. See ../BENCHMARKS.md. Reads the built code in ../dist, so build first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDeadlineResponse, findMismatch, measureVariants, median, TimeLimitError, timeRun } from './measure.mjs';
import { RATIO_METHOD } from './paired-ratio.mjs';
import { floorLines, formatCount, formatMs, formatPairedRatio, formatRatio, formatSize, formatTable, judgeTargets, pieceRatios } from './report.mjs';
import { loadVariants, optInVariants } from './variants.mjs';

const HELP = `Usage: node --expose-gc bench/run.mjs [options]   (or: pnpm bench [-- options] from the root)

  --quick            smoke check: 10,000 chunks, 3 runs, a 512 KiB big event capped at 20 s
  --chunks=N         chunks in the transcript (default 100000)
  --runs=N           timed runs per variant and piece size (default 7; --quick 3)
  --warmups=N        untimed runs before them, the first one verified (default 2; --quick 1)
  --only=LIST        variants to run, comma-separated: groq-sdk,bare,ours (default all), and floor (only
                     when named): bare behind the least async iterator, the floor of any for-await reader
  --big-bytes=N      content bytes of the big event (default 4194304)
  --big-limit=S      time limit in seconds for groq-sdk's single big-event run (default 120)
  --no-big           skip the big event
  --json=PATH        where to write the results (default bench/results/latest.json)
  --seed=N           transcript seed (default 42)
  --ours-module=PATH read "ours" from this module instead of dist/index.js (to compare builds)
  --processes=N      measure the piece sizes in N fresh processes, one after another, and judge each ratio
                     on the median of the processes' own ratios (default 3; --quick 1): a reader's speed
                     differs from one process to the next (JIT, a busy machine), and one process must not
                     decide a verdict
`;

const fail = (message) => {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
};
const FLAGS = {
  quick: { type: 'boolean', default: false },
  chunks: { type: 'string' },
  runs: { type: 'string' },
  warmups: { type: 'string' },
  only: { type: 'string' },
  'big-bytes': { type: 'string' },
  'big-limit': { type: 'string' },
  'no-big': { type: 'boolean', default: false },
  json: { type: 'string' },
  seed: { type: 'string' },
  'ours-module': { type: 'string' },
  processes: { type: 'string' },
  help: { type: 'boolean', default: false },
};
let flags;
try {
  flags = parseArgs({ options: FLAGS }).values;
} catch (error) {
  fail(`${error.message}\n\n${HELP}`);
}
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const positive = (text, fallback, name) => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, got ${text}`);
  return value;
};
const options = {
  quick: flags.quick,
  chunks: Math.floor(positive(flags.chunks, flags.quick ? 10_000 : 100_000, 'chunks')),
  runs: Math.floor(positive(flags.runs, flags.quick ? 3 : 7, 'runs')),
  warmups: Math.floor(positive(flags.warmups, flags.quick ? 1 : 2, 'warmups')),
  seed: Math.floor(positive(flags.seed, 42, 'seed')),
  processes: Math.floor(positive(flags.processes, flags.quick ? 1 : 3, 'processes')),
  pieceSizes: [16 * 1024, 1024, 280],
  bigEvent: flags['no-big'] ? undefined : {
    contentBytes: Math.floor(positive(flags['big-bytes'], flags.quick ? 512 * 1024 : 4 * 1024 * 1024, 'big-bytes')),
    pieceSize: 256,
    groqSdkLimitMs: 1000 * positive(flags['big-limit'], flags.quick ? 20 : 120, 'big-limit'),
    // Enough room for the event whatever ours defaults to: what is measured here is speed.
    oursOptions: { maxEventSize: 64 * 1024 * 1024 },
  },
};
const jsonPath = flags.json ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));

// The helpers come from the build: without it there is nothing to measure.
if (!existsSync(new URL('../dist/test/index.js', import.meta.url))) {
  fail('packages/core/dist/test/index.js is missing: run `pnpm build` first (the root `pnpm bench` does).');
}
const { createTestResponse, splitBytes } = await import('../dist/test/index.js');
const { createBigEventFixture, createTranscriptFixture } = await import('./fixtures.mjs');

// gc() between runs, so that one run does not pay for the garbage of the one before.
let gc = globalThis.gc;
if (typeof gc !== 'function') {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc');
  console.warn('note: started without --expose-gc; enabled it at run time');
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const failures = [];
const benchStart = performance.now();

let { variants, oursMissing } = await loadVariants(flags['ours-module'] && pathToFileURL(resolve(flags['ours-module'])).href);
// Asked for by name, a build that does not load is a mistake to stop on: a run without it compares nothing.
if (oursMissing && flags['ours-module']) {
  fail(`--ours-module: ${oursMissing}. A build copied elsewhere must still find its dependencies (eventsource-parser): copy it inside packages/core, or link packages/core/node_modules beside it`);
}
if (flags.only) {
  const wanted = flags.only.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !['groq-sdk', 'bare', 'ours', 'floor'].includes(name));
  if (unknown.length) fail(`--only: unknown variant ${unknown.join(', ')} (use groq-sdk, bare, ours, floor)`);
  variants = [...variants, ...optInVariants].filter((variant) => wanted.includes(variant.name));
}
const machine = {
  node: process.version,
  v8: process.versions.v8,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
};

log(`groq-stream core benchmark${options.quick ? ' (--quick)' : ''}`);
log(`Node ${machine.node} (V8 ${machine.v8}), ${machine.cpus} cores: ${machine.cpuModel}, ${machine.platform}`);
log(`Load average before starting: ${machine.loadAverageAtStart.join(', ')}${machine.loadAverageAtStart[0] > 0.5 ? ' (the machine is busy: expect noisy numbers)' : ''}`);
if (options.quick) log('--quick is a smoke check: runs this short are not warmed up enough to judge speed by.');
if (oursMissing) log(`\n(c) ours: SKIPPED: ${oursMissing}.\n`);

// ---- Many small events ---------------------------------------------------------------------------
const fixture = createTranscriptFixture({ chunks: options.chunks, seed: options.seed });
log(`Transcript: ${formatCount(options.chunks)} chunks, ${formatSize(fixture.bytes.length)} of SSE (seed ${options.seed});`);
log(
  `median of ${options.runs} runs after ${options.warmups} warm-up run(s), the first verified; variant order alternating` +
    (options.processes > 1
      ? `; in each of ${options.processes} fresh processes, one after another: speeds the median of their medians, ratios the median of their own ratios.\n`
      : '.\n'),
);

const pieceResults = options.processes > 1 ? measurePiecesInProcesses() : await measurePieces();

/** Each piece size in this process: the readers' medians and their ratios. */
async function measurePieces() {
  const results = [];
  for (const pieceSize of options.pieceSizes) {
    const pieces = splitBytes(fixture.bytes, pieceSize);
    const entries = await measureVariants(variants, {
      createResponse: () => createTestResponse(pieces).response,
      expected: fixture.expected,
      warmups: options.warmups,
      runs: options.runs,
      gc,
      where: `${formatSize(pieceSize)} pieces`,
      failures,
    });
    results.push(pieceResult(pieceSize, pieces.length, entries));
  }
  return results;
}

/**
 * The same in `--processes` fresh processes of this script, one at a time (two at once would share the
 * CPUs): per reader and piece size, the median of the processes' medians, which one process whose JIT
 * happened to favour or hinder a reader cannot move. The processes' own medians stay in the results, and
 * `pieceResult` pairs them by process for the ratios.
 */
function measurePiecesInProcesses() {
  const dir = mkdtempSync(resolve(os.tmpdir(), 'groq-stream-bench-'));
  // The sizes as resolved here, not the flags: a child without `--quick` would otherwise read 100,000 chunks
  // while this process divides by 10,000.
  const sizes = [`--chunks=${options.chunks}`, `--runs=${options.runs}`, `--warmups=${options.warmups}`];
  const passed = [...sizes, ...['only', 'seed', 'ours-module'].flatMap((name) => (flags[name] === undefined ? [] : [`--${name}=${flags[name]}`]))];
  const runs = [];
  try {
    for (let index = 1; index <= options.processes; index++) {
      const json = resolve(dir, `process-${index}.json`);
      const args = [...process.execArgv, fileURLToPath(import.meta.url), ...passed, '--no-big', '--processes=1', `--json=${json}`];
      const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (!existsSync(json)) fail(`process ${index} of ${options.processes} wrote no results (exit ${child.status}):\n${child.stdout}`);
      const run = JSON.parse(readFileSync(json, 'utf8'));
      failures.push(...run.failures.map((failure) => `process ${index}: ${failure}`));
      runs.push(run.pieceResults);
      const speeds = run.pieceResults.map(
        (result) =>
          `${formatSize(result.pieceSize)} ${variants.map((variant) => `${variant.name} ${formatCount(result.variants[variant.name]?.chunksPerSecond ?? 0)}`).join(', ')}` +
          (result.ratios.oursOverBare === undefined ? '' : ` (ours/bare ${formatRatio(result.ratios.oursOverBare)})`),
      );
      log(`  process ${index} of ${options.processes}: ${speeds.join('; ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return options.pieceSizes.map((pieceSize, position) => {
    const entries = {};
    for (const variant of variants) {
      const own = runs.map((results) => results[position].variants[variant.name]);
      // An index, not the entry: an entry missing from a process is itself undefined.
      const failed = own.findIndex((entry) => !entry?.verified);
      entries[variant.name] =
        failed !== -1
          ? { verified: false, failure: `process ${failed + 1}: ${own[failed]?.failure ?? 'no result'}`, samplesMs: [] }
          : { verified: true, samplesMs: own.flatMap((entry) => entry.samplesMs), processMediansMs: own.map((entry) => entry.medianMs), medianMs: median(own.map((entry) => entry.medianMs)) };
    }
    return pieceResult(pieceSize, runs[0][position].pieces, entries);
  });
}

/** One piece size's entry of the results: the readers' entries, with their speeds, and the ratios (`pieceRatios`). */
function pieceResult(pieceSize, pieceCount, entries) {
  for (const entry of Object.values(entries)) {
    if (entry.medianMs !== undefined) entry.chunksPerSecond = options.chunks / (entry.medianMs / 1000);
  }
  const speed = (name) => entries[name]?.chunksPerSecond;
  log(`  ${formatSize(pieceSize).padStart(7)} pieces (${formatCount(pieceCount)}): ${variants.map((variant) => `${variant.name} ${speed(variant.name) ? `${formatCount(speed(variant.name))}/s` : 'FAILED'}`).join(', ')}`);
  return { pieceSize, pieces: pieceCount, variants: entries, ...pieceRatios(entries) };
}

// ---- One big event ------------------------------------------------------------------------------
let bigEvent;
if (options.bigEvent) {
  const { contentBytes, pieceSize, groqSdkLimitMs, oursOptions } = options.bigEvent;
  const big = createBigEventFixture({ contentBytes, seed: options.seed });
  const pieces = splitBytes(big.bytes, pieceSize);
  log(`\nBig event: ${formatSize(big.eventBytes)} in one data line, ${formatCount(pieces.length)} pieces of ${pieceSize} B`);
  // bare and ours take milliseconds: warm-ups and the median of several runs, each limited to 60 s.
  const entries = await measureVariants(
    variants.filter((variant) => variant.name !== 'groq-sdk'),
    {
      createResponse: () => createDeadlineResponse(pieces, performance.now() + 60_000),
      readOptions: (variant) => (variant.name === 'ours' ? oursOptions : undefined),
      expected: big.expected,
      warmups: options.warmups,
      runs: options.runs,
      gc,
      where: 'big event',
      failures,
    },
  );
  for (const entry of Object.values(entries)) entry.ms = entry.medianMs;
  // groq-sdk copies its whole buffer on every piece (quadratic): one run, with a time limit.
  const groqSdk = variants.find((variant) => variant.name === 'groq-sdk');
  if (groqSdk) {
    log(`  groq-sdk: one run, limit ${formatMs(groqSdkLimitMs)}…`);
    const run = await timeRun(groqSdk, () => createDeadlineResponse(pieces, performance.now() + groqSdkLimitMs), { verify: true, gc });
    const timedOut = run.error instanceof TimeLimitError;
    const mismatch = timedOut ? undefined : findMismatch(run, big.expected);
    if (mismatch) failures.push(`${groqSdk.label}, big event: ${mismatch}`);
    entries['groq-sdk'] = { verified: !timedOut && !mismatch, timedOut, limitMs: groqSdkLimitMs, ms: timedOut || mismatch ? undefined : run.ms };
  }
  bigEvent = { contentBytes, eventBytes: big.eventBytes, pieceSize, pieces: pieces.length, variants: entries, oursOptions };
  const ms = (name) => entries[name]?.ms;
  if (ms('ours') && ms('bare')) bigEvent.ratioOursOverBare = ms('ours') / ms('bare');
  log(`  ${variants.map((variant) => `${variant.name} ${describeBig(variant.name)}`).join(', ')}`);
}

function describeBig(name) {
  const entry = bigEvent?.variants[name];
  if (!entry) return '—';
  if (entry.timedOut) return `> ${formatMs(entry.limitMs)}`;
  return entry.ms === undefined ? 'FAILED' : formatMs(entry.ms);
}

// ---- Report -------------------------------------------------------------------------------------
const names = ['groq-sdk', 'bare', 'ours'];
const labels = { 'groq-sdk': '(a) groq-sdk', bare: '(b) bare', ours: '(c) ours' };
const speedCell = (result, name) =>
  result.variants[name] ? (result.variants[name].chunksPerSecond ? formatCount(result.variants[name].chunksPerSecond) : 'FAILED') : 'skipped';
const rows = pieceResults.map((result) => [
  formatSize(result.pieceSize),
  ...names.map((name) => speedCell(result, name)),
  formatRatio(result.ratios.oursOverBare),
  formatRatio(result.ratios.oursOverGroqSdk),
  formatRatio(result.ratios.bareOverGroqSdk),
]);
if (bigEvent) {
  rows.push([
    `${formatSize(bigEvent.eventBytes)} event*`,
    ...names.map((name) => (bigEvent.variants[name] ? describeBig(name) : 'skipped')),
    bigEvent.ratioOursOverBare === undefined ? '—' : `${formatRatio(bigEvent.ratioOursOverBare)} time`,
    '—',
    '—',
  ]);
}
log(`\nChunks per second (median), ${formatCount(options.chunks)} chunks:\n`);
log(formatTable(['pieces', ...names.map((name) => `${labels[name]} chunks/s`), 'ours/bare', 'ours/groq-sdk', 'bare/groq-sdk'], rows));
if (bigEvent) log(`* one event in ${bigEvent.pieceSize} B pieces: time to read it (ours/bare is a ratio of times: lower is better)`);
if (options.processes > 1) {
  log(`\n${RATIO_METHOD}`);
  log("Each process's ratio in the order they ran, their median (judged, in the table), and the ratio of the medians (judged before 2026-12-05):");
  const ratioNames = { oursOverBare: 'ours/bare', oursOverGroqSdk: 'ours/groq-sdk', bareOverGroqSdk: 'bare/groq-sdk' };
  for (const result of pieceResults) {
    const parts = Object.entries(ratioNames)
      .filter(([key]) => result.ratios[key] !== undefined)
      .map(([key, name]) => formatPairedRatio(name, { paired: result.ratios[key], each: result.processRatios[key], independent: result.independentRatios[key] }));
    log(`  ${formatSize(result.pieceSize).padStart(7)}: ${parts.join('; ') || 'no ratio: a reader failed or did not run'}`);
  }
}
const floor = floorLines(pieceResults);
if (floor.length) {
  log(
    '\n(d) floor, bare behind the least async iterator: what for-await costs any reader' +
      (options.processes > 1 ? "; ratios paired as above (each process's, their median, the ratio of the medians):" : ':'),
  );
  for (const line of floor) log(`  ${line}`);
}

const targets = judgeTargets(pieceResults, bigEvent);
log('\nTargets:');
for (const target of targets) {
  const detail = target.failure ?? (target.value === undefined ? '' : formatRatio(target.value));
  log(`  ${target.status.padEnd(4)}  ${target.name}${detail ? `: ${detail}` : ''}`);
}
if (oursMissing) log(`  (SKIP: ${oursMissing})`);

const totalSeconds = (performance.now() - benchStart) / 1000;
const result = {
  date: new Date().toISOString(),
  args: process.argv.slice(2), // for the chart's caption (./chart)
  machine,
  options,
  oursMissing,
  transcript: { chunks: options.chunks, bytes: fixture.bytes.length, ...fixture.expected },
  ratioMethod: RATIO_METHOD, // which ratios `targets` judge (pieceResults[].ratios), and why
  pieceResults,
  bigEvent,
  targets,
  failures,
  totalSeconds,
};
mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
log(`\nResults written to ${jsonPath} (${totalSeconds.toFixed(0)} s in all).`);

if (failures.length) {
  log('\n!!! CORRECTNESS FAILURES: variants disagree on what the stream holds !!!');
  for (const failure of failures) log(`  ✗ ${failure}`);
  process.exitCode = 1;
}
