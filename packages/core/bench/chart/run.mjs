#!/usr/bin/env node
// The last step of `pnpm bench` (turbo's `//#bench:chart`, after every package's bench): reads the results
// of the three benchmarks and writes docs/benchmarks.svg, and the line under it in the root README
// (between its bench-chart markers). To draw it again from the results already there, from the root:
//
//   node packages/core/bench/chart/run.mjs [--out=docs/benchmarks.svg] [--readme=README.md] [--no-readme]
//                                          [--results-root=<dir holding the results' paths>]
//
// With no results at all (a fresh clone: they are git-ignored) it writes nothing and exits with 1: an empty
// chart would only replace the committed one and the README's line about it.
// Flags it does not know (the benchmarks' own, which `pnpm bench -- ...` hands to every task) are ignored.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeBenchRun } from './describe-bench-run.mjs';
import { BENCHMARK_DOCS, renderBenchChart } from './render-bench-chart.mjs';
import { updateReadme } from './update-readme.mjs';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where each benchmark writes its results (relative to the root). */
const RESULTS = {
  core: 'packages/core/bench/results/latest.json',
  node: 'packages/node/bench/results/latest.json',
  relay: 'apps/express-demo/.bench-out/latest.json',
};

const { values: flags } = parseArgs({
  strict: false,
  options: {
    out: { type: 'string' },
    readme: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
    'results-root': { type: 'string' },
  },
});
const resultsRoot = resolve(root, String(flags['results-root'] ?? '.'));
const outPath = resolve(root, String(flags.out ?? 'docs/benchmarks.svg'));
const readmePath = resolve(root, String(flags.readme ?? 'README.md'));
// The README describes the committed chart: a chart written elsewhere leaves it alone, unless --readme says.
const writeReadme = !flags['no-readme'] && (flags.out === undefined || flags.readme !== undefined);

/** A path as the log shows it: from the root when inside it. */
const shown = (path) => (relative(root, path).startsWith('..') ? path : relative(root, path));

const problems = [];
/** A benchmark's results, `{ results }`, or `{ problem }` when there are none (the panel says why). */
function load(path) {
  let content;
  try {
    content = readFileSync(resolve(resultsRoot, path), 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return { problem: `${path} not found (run pnpm bench)` };
    throw error;
  }
  try {
    return { results: JSON.parse(content) };
  } catch (error) {
    problems.push(`${path} is not valid JSON: ${error.message}`);
    return { problem: `${path} is not valid JSON` };
  }
}

const inputs = Object.fromEntries(Object.entries(RESULTS).map(([name, path]) => [name, load(path)]));
if (Object.values(inputs).every((input) => input.results === undefined)) {
  for (const problem of problems) console.error(`bench:chart: ${problem}`);
  console.error(`bench:chart: no benchmark results (${Object.values(RESULTS).join(', ')}): run pnpm bench first. ${shown(outPath)} and ${shown(readmePath)} were left as they were.`);
  process.exit(1);
}
const host = {
  cpu: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.availableParallelism()}`,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  os: `${os.type()} ${os.release()} (${os.arch()})`,
  node: process.version,
};

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, renderBenchChart(inputs, host));
const run = describeBenchRun(Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.results])), host);
const missing = Object.keys(RESULTS).filter((name) => !inputs[name].results);
console.log(`wrote ${shown(outPath)}: results of ${run.present.join(', ') || 'no benchmark'} (${run.date})${missing.length ? `; no data for ${missing.join(', ')}` : ''}`);

if (writeReadme) {
  const readme = readFileSync(readmePath, 'utf8');
  const docs = BENCHMARK_DOCS.map(([label, path]) => [label, relative(dirname(readmePath), resolve(root, path)).split(sep).join('/')]);
  const updated = updateReadme(readme, run, docs);
  if (updated === undefined) {
    console.log(`${shown(readmePath)} has no bench-chart markers: left as it was`);
  } else if (updated !== readme) {
    writeFileSync(readmePath, updated);
    console.log(`updated the benchmark line of ${shown(readmePath)}`);
  }
}

if (problems.length) {
  for (const problem of problems) console.error(`bench:chart: ${problem}`);
  process.exitCode = 1;
}
