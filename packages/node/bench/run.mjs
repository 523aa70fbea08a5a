#!/usr/bin/env node
// `pnpm bench`: groq-sdk, a bare fetch + eventsource-parser loop, and our client, end to end over
// loopback HTTP against the mock Groq server. See ../BENCHMARKS.md. Reads the built code in ../dist
// (and the mock's), so build first.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadClients, prompt } from './clients.mjs';
import { measureClients } from './measure.mjs';
import { RATIO_METHOD } from './paired-ratio.mjs';
import { caseRatios, cpuRatioLines, cpuTable, formatCount, formatMarkdownTable, formatMs, formatRatio, formatTable, judgeTargets, resultTable, roundRatioLines } from './report.mjs';
import { startMock } from './start-mock.mjs';

const HELP = `Usage: node --expose-gc bench/run.mjs [options]   (or: pnpm bench [-- options] from the root)

  --quick              smoke check: 1 stream of 10,000 chunks, 200 streams of 200, 3 runs, 1 warm-up
  --chunks=N           chunks of the single stream (default 100000)
  --streams=N          concurrent streams (default 200)
  --stream-chunks=N    chunks of each concurrent stream (default 2000)
  --runs=N             timed runs per client and case (default 7; --quick 3)
  --warmups=N          untimed (but checked) runs before them (default 2; --quick 1)
  --only=LIST          readers to run, comma-separated: groq-sdk,bare,ours,bytes (default all)
  --cases=LIST         cases to run: single,concurrent (default both)
  --in-process         run the mock in this process instead of a child process
  --replay             put a server that replays the mock's recorded answers in front of it (no
                       server work per chunk: shows the clients without the mock's own limits)
  --run-limit=S        time limit of one run, in seconds (default 60)
  --time-limit=S       time limit of the whole benchmark, in seconds (default 420)
  --json=PATH          where to write the results (default bench/results/latest.json)
  --markdown           also print the table as Markdown (for BENCHMARKS.md)
  --ours-module=PATH   load "ours" (its Groq export) from this module instead of dist/index.js
`;

const fail = (message) => {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
};
const FLAGS = {
  quick: { type: 'boolean', default: false },
  chunks: { type: 'string' },
  streams: { type: 'string' },
  'stream-chunks': { type: 'string' },
  runs: { type: 'string' },
  warmups: { type: 'string' },
  only: { type: 'string' },
  cases: { type: 'string' },
  'in-process': { type: 'boolean', default: false },
  replay: { type: 'boolean', default: false },
  'run-limit': { type: 'string' },
  'time-limit': { type: 'string' },
  json: { type: 'string' },
  markdown: { type: 'boolean', default: false },
  'ours-module': { type: 'string' },
  help: { type: 'boolean', default: false },
};
let flags;
try {
  // `pnpm --filter @groq-stream/node bench -- --quick` passes the `--` along: skip it.
  const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
  flags = parseArgs({ args, options: FLAGS }).values;
} catch (error) {
  fail(`${error.message}\n\n${HELP}`);
}
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const positive = (text, fallback, name, { integer = true, allowZero = false } = {}) => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || (integer && !Number.isInteger(value))) {
    fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  }
  return value;
};
const list = (text, allowed, name) => {
  if (text === undefined) return allowed;
  const wanted = text.split(',').map((item) => item.trim());
  const unknown = wanted.filter((item) => !allowed.includes(item));
  if (unknown.length) fail(`--${name}: unknown ${unknown.join(', ')} (use ${allowed.join(', ')})`);
  return wanted;
};
const options = {
  quick: flags.quick,
  chunks: positive(flags.chunks, flags.quick ? 10_000 : 100_000, 'chunks'),
  streams: positive(flags.streams, 200, 'streams'),
  streamChunks: positive(flags['stream-chunks'], flags.quick ? 200 : 2_000, 'stream-chunks'),
  runs: positive(flags.runs, flags.quick ? 3 : 7, 'runs'),
  warmups: positive(flags.warmups, flags.quick ? 1 : 2, 'warmups', { allowZero: true }),
  clients: list(flags.only, ['groq-sdk', 'bare', 'ours', 'bytes'], 'only'),
  cases: list(flags.cases, ['single', 'concurrent'], 'cases'),
  mock: flags['in-process'] ? 'in-process' : 'child process',
  replay: flags.replay,
  runLimitMs: 1000 * positive(flags['run-limit'], 60, 'run-limit', { integer: false }),
  timeLimitMs: 1000 * positive(flags['time-limit'], 420, 'time-limit', { integer: false }),
};
const jsonPath = flags.json ? resolve(flags.json) : fileURLToPath(new URL('./results/latest.json', import.meta.url));
const oursModule = flags['ours-module'] ? pathToFileURL(resolve(flags['ours-module'])).href : new URL('../dist/index.js', import.meta.url).href;

if (!flags['ours-module'] && !existsSync(new URL('../dist/index.js', import.meta.url))) {
  fail('packages/node/dist/index.js is missing: run `pnpm build` first (the root `pnpm bench` does).');
}

// gc() before every run, so that one run does not pay for the garbage of the one before.
let gc = globalThis.gc;
if (typeof gc !== 'function') {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc');
  console.warn('note: started without --expose-gc; enabled it at run time');
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const benchStart = performance.now();

// The benchmark must end by itself: a watchdog for the whole, a time limit per run (in measure.mjs),
// and the mock's child process killed on every way out ('exit' handler in start-mock.mjs).
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: stopped after the time limit of ${options.timeLimitMs / 1000} s (--time-limit)\n`);
  process.exit(1);
}, options.timeLimitMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const mock = await startMock({ inProcess: options.mock === 'in-process', replay: options.replay }).catch((error) => fail(`could not start the mock server: ${error.message}`));
const { generateAnswerTokens } = await import('@groq-stream/mock-server');
const allClients = await loadClients(mock.url, oursModule);
// Table order: groq-sdk, bare, ours, bytes. Run order starts with ours and reverses every other round.
const tableClients = allClients.filter((client) => options.clients.includes(client.name));
const runOrder = ['ours', 'groq-sdk', 'bare', 'bytes'].map((name) => tableClients.find((client) => client.name === name)).filter(Boolean);

const machine = {
  node: process.version,
  v8: process.versions.v8,
  undici: process.versions.undici,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
};

log(`groq-stream end-to-end loopback benchmark${options.quick ? ' (--quick)' : ''}`);
log(`Node ${machine.node} (V8 ${machine.v8}, undici ${machine.undici}), ${machine.cpus} cores: ${machine.cpuModel}, ${machine.platform}`);
log(`Load average before starting: ${machine.loadAverageAtStart.join(', ')}${machine.loadAverageAtStart[0] > 0.5 ? ' (the machine is busy: expect noisy numbers)' : ''}`);
log(`Mock server: ${mock.url}, ${mock.setup}; groq-sdk, bare and bytes on Node's global fetch, ours on node:http (its default); fresh connection pools every run.`);
log(
  `Median of ${options.runs} runs after ${options.warmups} warm-up run(s) per client and case; every run checked; order ours first, reversed every other round; ` +
    "ratios the median of the rounds' own ratios.",
);
if (options.quick) log('--quick is a smoke check: runs this short are not warmed up enough to judge speed by.');

/** What every stream of `tokens` content tokens must deliver: the role chunk, one chunk a token, the last chunk. */
function expectedStream(tokens) {
  const content = generateAnswerTokens(prompt, tokens).join('');
  return { count: tokens + 2, content };
}

const failures = [];
const cases = [];
const caseDefinitions = [
  { id: 'single', title: `1 stream × ${formatCount(options.chunks)}`, streams: 1, tokens: options.chunks },
  { id: 'concurrent', title: `${formatCount(options.streams)} streams × ${formatCount(options.streamChunks)}`, streams: options.streams, tokens: options.streamChunks },
].filter((definition) => options.cases.includes(definition.id));

try {
  for (const definition of caseDefinitions) {
    const expected = expectedStream(definition.tokens);
    log(`\n${definition.title} (${formatCount(definition.streams * expected.count)} chunks per run):`);
    const entries = await measureClients(
      runOrder,
      { streams: definition.streams, tokens: definition.tokens, expected, limitMs: options.runLimitMs, gc, mock },
      {
        warmups: options.warmups,
        runs: options.runs,
        where: definition.title,
        failures,
        onRun: (client, result, when) =>
          log(
            `  ${when.padEnd(11)} ${client.name.padEnd(8)} ${formatMs(result.ms).padStart(8)}  ${formatCount(result.chunksPerSecond).padStart(9)} chunks/s` +
              (definition.streams > 1
                ? `  first chunk p50 ${formatMs(result.firstChunkP50Ms)}, p99 ${formatMs(result.firstChunkP99Ms)}; headers p50 ${formatMs(result.headersP50Ms)}`
                : '') +
              (result.problem ? `  FAILED: ${result.problem}` : ''),
          ),
      },
    );
    for (const entry of Object.values(entries)) {
      for (const run of entry.runs) delete run.problem;
    }
    cases.push({
      ...definition,
      chunksPerStream: expected.count,
      clients: entries,
      ...caseRatios(entries),
    });
  }
} finally {
  await mock.close();
}

// ---- Report -------------------------------------------------------------------------------------
const results = resultTable(cases);
const cpu = cpuTable(cases);
log(`\nMedians of ${options.runs} runs:\n`);
log(formatTable(results.header, results.rows));
log('* from the start of the batch to a stream\'s first chunk in `for await`, p50/p99 across the streams; for times the ratios are ratios of times (lower is better)');
log(`\n${RATIO_METHOD}`);
log("Each round's ratio in the order they ran, their median (judged, in the table), and the ratio of the medians (judged before 2026-12-05):");
for (const line of roundRatioLines(cases)) log(`  ${line}`);
log('\nCPU: client CPU time per chunk (lower is better; the ratios are of CPU times), and CPU time over wall time');
log('of the client and of the mock process (100 % = one core):\n');
log(formatTable(cpu.header, cpu.rows));
log("\nClient CPU per chunk: each round's ratio, their median (in the table) and the ratio of the medians (in the table until 2026-12-05):");
for (const line of cpuRatioLines(cases)) log(`  ${line}`);

if (flags.markdown) {
  log('\nMarkdown:\n');
  log(formatMarkdownTable(results.header, results.rows));
  log('');
  log(formatMarkdownTable(cpu.header, cpu.rows));
  log(`\n${RATIO_METHOD}`);
}

const targets = judgeTargets(
  cases.find((result) => result.id === 'single'),
  cases.find((result) => result.id === 'concurrent'),
);
log('\nTargets:');
for (const target of targets) {
  const detail = target.failure ?? (target.value === undefined ? '' : `${formatRatio(target.value)} (${target.detail})`);
  log(`  ${target.status.padEnd(4)}  ${target.name}${detail ? `: ${detail}` : ''}`);
}

const aborted = cases.flatMap((result) =>
  Object.keys(result.clients).filter((name) => result.clients[name]?.serverStreamsAborted > 0).map((name) => `${name} in ${result.title}: ${result.clients[name].serverStreamsAborted}`),
);
if (aborted.length) log(`\nNote: the mock counted streams as aborted by the client (timed runs): ${aborted.join('; ')}.`);

const totalSeconds = (performance.now() - benchStart) / 1000;
machine.loadAverageAtEnd = os.loadavg().map((load) => Math.round(load * 100) / 100);
log(`\nLoad average at the end: ${machine.loadAverageAtEnd.join(', ')}.`);
const result = {
  date: new Date().toISOString(),
  args: process.argv.slice(2), // for the chart's caption (packages/core/bench/chart)
  machine,
  options,
  mock: { setup: mock.setup, url: mock.url },
  clients: Object.fromEntries(tableClients.map((client) => [client.name, client.label])),
  ratioMethod: RATIO_METHOD, // which ratios `targets` judge (cases[].ratios), and why
  cases,
  targets,
  failures,
  totalSeconds,
};
mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
log(`\nResults written to ${jsonPath} (${totalSeconds.toFixed(0)} s in all).`);

if (failures.length) {
  log('\n!!! FAILURES: a client threw or delivered other chunks than the mock sent !!!');
  for (const failure of failures) log(`  ✗ ${failure}`);
  process.exitCode = 1;
}
