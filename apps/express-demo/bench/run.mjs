// Benchmark of the Express relay: many concurrent streams, paced by the mock, through the demo app.
//
//   pnpm bench        (in apps/express-demo; or `pnpm bench` at the root, where turbo builds first)
//   node --expose-gc bench/run.mjs [--streams 500] [--tokens 200] [--tokens-per-second 20] [--ramp-ms <answer length>]
//                                  [--sweep 100,250] [--warmup 50] [--repeats 3] [--memory-processes 3] [--no-write] [--quick]
//                                  [--latency-only | --memory-only]
//
// The streams of a level start one after another, evenly over --ramp-ms, by default the length of one answer
// (tokens / tokens-per-second): the arrival rate at which that many streams stay open in steady state, so
// the level is reached (the "peak open" column) and is not a burst of arrivals that no steady load has.
//
// Every measured run goes through a fresh relay process (and the floor through a fresh floor process),
// warmed up and measured straight after, so that relay and floor start from the same history. The main level
// (--streams) runs --repeats times, interleaved (direct, relay, floor), since one run of a p99 on a shared
// machine decides little: the report shows every run and judges the run with the median added p99.
//
// --quick is a smoke check (50 streams × 10 tokens, sweep 10,25, one run, no waiting for a quiet machine): it writes
// .bench-out/latest.json but leaves BENCHMARKS.md alone, since runs that short are no figures to publish.
// --latency-only stops after the latency runs (no memory step, nothing written): for comparing changes.
// --memory-only runs the memory step alone (no latency runs, nothing written), for the same reason.
//
// The memory step measures each process kind (the relay, the floor, the relay with a conversation) in
// --memory-processes fresh processes, one after another (default 3, --quick 1), and shows the median of
// their figures, every process's own beside it: the RSS a further stream costs differs from one process of
// the same build to the next (41 to 95 KiB, with the V8 heap at 32.5 KiB in each), and one process must not
// decide a verdict.
//
// Three processes on 127.0.0.1, so that none runs on another's event loop: the mock (bench/mock.mjs, which
// times each frame it writes), the relay (bench/relay.mjs: `createApp` from dist/server.js) and this one,
// which runs the clients and the maths. BENCHMARKS.md (written by this script) explains the method.
//
// Beside each latency run's figures go the conditions it ran in (bench/conditions.mjs): the machine's
// steal, iowait and interrupt time, the measured process's GC pauses and threads, and the pauses that a
// probe pinned to each CPU at nice -20 saw (bench/probe.mjs; BENCH_PROBES=0 leaves the probes out, each
// costing its CPU 2 to 4%), so that a slow run can be put down to the host, a collection or the bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConditions } from './conditions.mjs';
import { describeAddedLatency } from './describe-added-latency.mjs';
import { askChild, forkReady, stopChild } from './fork-ready.mjs';
import { describeRefused } from './hold-stream.mjs';
import { createHeldBatches } from './hold-streams.mjs';
import { kib, ms, percent, verdict } from './format.mjs';
import { mergeMemory } from './merge-memory.mjs';
import { startProbes, summarizePauses, summarizeSpeed } from './probes.mjs';
import { readBenchFlags } from './read-bench-flags.mjs';
import { report } from './report.mjs';
import { startFlags as readStartFlags } from './start-flags.mjs';
import { explainStalls } from './stalls.mjs';
import { machineBusy, machineTimes, openFileLimit, pinToCpus, quietMachine, threadTimes, threadWindow, withCpu } from './system.mjs';

let settings;
try {
  settings = readBenchFlags(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const { flags, streams, tokens, tokensPerSecond, rampMs, warmup, repeats, memoryProcesses, levels } = settings;
// The answers of the memory step's held streams: 1000 s at the mock's pace, far longer than the step takes on
// any machine, and at most the 32,768 completion tokens that Groq (and so the mock) allows the demo's model.
const heldTokens = Math.min(1000 * tokensPerSecond, 32_768);
// Warm-up streams only need to run the code paths hot, not to reach a level: they start over at most 2 s.
const warmupRampMs = Math.min(rampMs, 2000);
const targets = { p99AddedLatencyMs: 5, bytesPerStream: 64 * 1024 };
const framesPerStream = tokens + 3; // role chunk, one per token, last chunk with usage, [DONE]
const conversationBytes = 16 * 1024;

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = join(here, '..');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line = '') => console.log(line);

// --- processes -------------------------------------------------------------------------------------------

/** Forks a bench process with IPC; resolves once it said `ready`, with a request/reply helper. */
async function start(script, args, execArgv = []) {
  const { child, message } = await forkReady(join(here, script), args, execArgv);
  return { child, url: message.url, ask: (request) => askChild(child, request, script) };
}

// The relay's upstream transport (read by relay.mjs from the same variable): `node-http`
// (`createNodeHttpFetch`, `Groq`'s default), or `fetch`, Node's global fetch (undici).
const upstream = process.env.BENCH_UPSTREAM || 'node-http';
const transportName = upstream === 'fetch' ? "Node's fetch" : 'node:http';

// The relay runs with the Node flags of this app's start script (`pnpm start` serves the demo that way),
// and so does the floor, so that the two differ only in what runs in them; BENCH_RELAY_NODE_OPTIONS adds
// more (a profiler, other heap sizes).
const startFlags = readStartFlags(join(appRoot, 'package.json'));
const extraFlags = process.env.BENCH_RELAY_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
const relayNodeOptions = ['--expose-gc', ...startFlags, ...extraFlags];
// The relay gets CPUs of its own (1..n), the mock and the clients share CPU 0: in production Groq and the
// browsers do not run on the relay's CPU, and on a shared one their work would count as the relay's
// latency. BENCH_PIN=0 lets the three processes share every CPU (this benchmark's method until 2026-11-30).
// The mock, forked from this process, inherits its CPU; each relay is moved to its own.
const relayCpus = os.cpus().length > 2 ? `1-${os.cpus().length - 1}` : '1';
let pin = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && pinToCpus(process.pid, '0');
async function startRelay(mockURL, ...args) {
  const relay = await start('relay.mjs', [mockURL, ...args], relayNodeOptions);
  if (pin) pin = pinToCpus(relay.child.pid, relayCpus);
  return relay;
}

// --- clients ---------------------------------------------------------------------------------------------

// node:http rather than fetch: 500 fetch streams in one process cost the client enough event-loop time to
// show in every latency figure, and it is the relay that is being measured. An idle socket closes after
// 4 s, before the servers' own keep-alive timeout (Node's default, 5 s) closes it: a request sent on a
// socket just as the server closes it fails (ECONNRESET, socket hang up; see `request.reusedSocket` in
// Node's docs), and fails the whole run. Streams of a level that start 5 s or more after the warm-up
// streams ended (a ramp of 5 s or longer) reused such sockets.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4000 });

/** One streamed answer: the monotonic time at which each data frame was complete (comments left out). */
function readStream(url, body, id) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer bench', 'x-bench-id': id };
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`${url} answered ${response.statusCode}`));
        return;
      }
      const times = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (text) => {
        const at = now();
        buffer += text;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          if (!buffer.startsWith(':')) times.push(at);
          buffer = buffer.slice(end + 2);
        }
      });
      response.on('end', () => resolve({ id, times }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** `count` streams, started `ramp / count` ms apart: arrivals at a steady rate rather than one burst. */
async function runStreams(target, prefix, count, ramp = rampMs) {
  const results = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      await sleep((index * ramp) / count);
      const content = `Benchmark stream ${prefix}-${index}`;
      const body = target.direct
        ? { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content }], stream: true }
        : { messages: [{ role: 'user', content }] };
      return readStream(target.url, body, `${prefix}-${index}`);
    }),
  );
  const short = results.filter((result) => result.times.length !== framesPerStream);
  if (short.length > 0) throw new Error(`${prefix}: ${short.length} streams did not have ${framesPerStream} frames.`);
  return results;
}

// At most this many held streams wait for their first chunk at once. Each held stream is a new connection
// from the relay to the mock, and Node (libuv 1.46 in Node 20; libuv/libuv#3696) accepts one pending
// connection each time it polls the listening socket, so a few per turn of the event loop. With 1000 paced
// streams the mock's turns, on CPU 0 with the clients, last tens of ms: on 2026-12-03 it accepted 20 to 50
// connections a second, and streams opened 1 ms apart waited in its accept queue (up to 443 of them) for
// up to 20 s, and on a busier machine past the relay's 60 s upstream timeout: the 504s counted as refused.
// Opened this way, no request waits behind hundreds of others, and a refusal is the relay's own.
const heldOpeningAtOnce = 32;

// The longest a batch of held streams may take to open, after which those not held yet are given up and
// counted as refused ('deadline'), and the later batches of the same process open none (bench/hold-streams.mjs);
// the next process opens its own, so that a machine slow for a while costs only the measurements it slowed,
// and each of the step's 9 processes at most one deadline (18 minutes in all, where 27 batches could take 54). A whole
// process, three batches and its readings, took 25 to 73 s on quiet and busy machines, and the relay itself
// gives one stream up after at most about 70 s (10 s for its body, 60 s for the upstream's headers), but
// nothing bounds a floor's wait for the mock, nor a stream whose connection a stalled relay keeps open.
// Without it, a stream that was never held kept the step waiting for ever: on 2026-12-06, on a machine far
// too busy (load 8 to 10 on 2 CPUs), the step did not end in 15 minutes. A miss is the relay falling behind, not
// streams lost: on 2026-12-06 (load 4 to 8) the 32 streams still waiting at two missed deadlines had waited at
// most 66 s each, most of it in the relay's accept queue or for its next turn (its event loop 21 to 27 s behind at
// worst); the mock answered each within 6 ms of its request. Held streams cost the relay about 20% of a core per
// 100 (2,000 chunks/s), and on CPU 1 beside other work it got 15 to 50% of that CPU, waiting for it the rest.
const heldOpeningMs = 120_000;
// How each batch of held streams is opened: see bench/hold-streams.mjs.
const heldBatchOptions = { agent, atOnce: heldOpeningAtOnce, spacingMs: 1, openingMs: heldOpeningMs };

// --- measurements ----------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Per frame: arrival at the client minus the moment the mock wrote it. */
function latencies(results, stamps) {
  const values = [];
  for (const { id, times } of results) {
    const written = stamps[id];
    if (written?.length !== times.length) throw new Error(`stream ${id}: the mock wrote ${written?.length} frames, the client read ${times.length}`);
    for (let frame = 0; frame < times.length; frame++) values.push(times[frame] - written[frame]);
  }
  return summary(values);
}

/** The largest number of streams between their first and last frame at the same time. */
function peakConcurrency(results) {
  const events = results.flatMap(({ times }) => [
    [times[0], 1],
    [times[times.length - 1], -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, change] of events) peak = Math.max(peak, (open += change));
  return peak;
}

/**
 * A chat's earlier turns, about `bytes` of JSON: what a browser sends with every question after the first.
 * Each stream sends its own copy (the relay parses it from the request), as real conversations differ.
 */
function conversationOf(bytes) {
  const turnBytes = 2048;
  const sentence = 'A sentence of an earlier turn of this conversation, sent again with each new question. ';
  const content = sentence.repeat(Math.ceil(turnBytes / sentence.length)).slice(0, turnBytes);
  return Array.from({ length: Math.round(bytes / turnBytes) }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content }));
}

/**
 * Memory of a fresh process of `mode` (demo or floor): idle after a warm-up, with `streams` held open, and
 * with twice as many. The first step shows what the first streams cost a process that was idle, the
 * second what each further stream costs once the process is at its working size. `history`: the earlier
 * turns each held stream sends.
 */
async function measureMemory(mockURL, mode, history = []) {
  const relay = await startRelay(mockURL, mode, String(heldTokens));
  // This process's batches, each holding `count` streams to `url` that send `history` first; once one missed
  // `heldOpeningMs`, the later ones open none.
  const batches = createHeldBatches(heldBatchOptions);
  const held = [];
  try {
    const url = mode === 'floor' ? relay.url : `${relay.url}/api/chat`;
    (await batches.hold(url, warmup)).release();
    await sleep(300);
    const { memory: idle } = await relay.ask({ type: 'memory' });
    held.push(await batches.hold(url, streams, history));
    await sleep(300);
    const { memory: open } = await relay.ask({ type: 'memory' });
    held.push(await batches.hold(url, streams, history));
    await sleep(300);
    const { memory: doubled } = await relay.ask({ type: 'memory' });
    // A held stream that ended before a reading makes the figures per stream too low. Until 2026-12-02 held
    // streams ended some 56 s after they opened, so that on a busy machine, where this step took over a
    // minute, readings found as few as 588 of 1000 open: the relay's default maxCompletionTokens (1024) cut
    // their answers to 51 s at 20 tokens/s, and once an answer was sent Node's keepAliveTimeout (5 s) closed
    // the idle connection. Now relay.mjs lifts that limit to `heldTokens`, and the clients keep reading.
    const short = [[idle, 0], [open, streams], [doubled, 2 * streams]].filter(([reading, count]) => reading.connections !== undefined && reading.connections !== count);
    if (short.length > 0) log(`  WARNING: ${mode}: ${short.map(([reading, count]) => `${reading.connections} connections open where ${count} were held`).join('; ')}: these figures per stream are not of ${streams} streams`);
    const refused = held.flatMap((batch) => batch.refused);
    if (refused.length > 0) {
      log(`  WARNING: ${mode}: ${refused.length} of ${2 * streams} held streams were refused or failed (${describeRefused(refused)}), not streamed: the machine did not keep up with ${2 * streams} streams at ${tokensPerSecond} tokens/s, and these figures per stream are not of open streams`);
      if (batches.stopped) log(`  WARNING: ${mode}: streams not held within ${heldOpeningMs / 1000} s of their batch's start (deadline): this process's later batches opened none (not opened); the next process opens its own`);
    }
    const per = (from, to, keys) => keys.reduce((sum, key) => sum + to[key] - from[key], 0) / streams;
    return {
      idle,
      open,
      doubled,
      refused: refused.length,
      rss: per(idle, open, ['rss']),
      heap: per(idle, open, ['heapUsed', 'external']),
      heapTotal: per(idle, open, ['heapTotal']),
      marginal: { rss: per(open, doubled, ['rss']), heap: per(open, doubled, ['heapUsed', 'external']) },
    };
  } finally {
    for (const batch of held) batch.release();
    await stopChild(relay.child);
  }
}

const describeMemory = (m) => `RSS ${kib(m.marginal.rss)} (from ${streams} to ${2 * streams}), ${kib(m.rss)} (from idle), heap + external ${kib(m.heap)}`;

/**
 * The relay, the floor and the relay with a conversation, each in --memory-processes fresh processes; the
 * kinds take turns, so that a change in the machine over the minutes of the step touches them alike.
 */
async function measureMemoryInProcesses(mockURL, conversation) {
  const kinds = { memory: ['demo'], floor: ['floor'], withHistory: ['demo', conversation] };
  const measured = { memory: [], floor: [], withHistory: [] };
  for (let index = 1; index <= memoryProcesses; index++) {
    for (const [kind, [mode, history]] of Object.entries(kinds)) {
      const m = await measureMemory(mockURL, mode, history);
      measured[kind].push(m);
      if (memoryProcesses > 1) log(`  process ${index} of ${memoryProcesses}, ${kind === 'memory' ? 'relay' : kind === 'floor' ? 'floor' : 'relay with the conversation'}: ${describeMemory(m)}`);
    }
  }
  return Object.fromEntries(Object.entries(measured).map(([kind, list]) => [kind, mergeMemory(list)]));
}

/** `47.5 KiB`, or with several processes `47.5 KiB (median of 3 processes: 41.0, 47.5, 84.1 KiB)`. */
const withProcesses = (merged, of) =>
  merged.processes.length === 1
    ? kib(of(merged))
    : `${kib(of(merged))} (median of ${merged.processes.length} processes: ${merged.processes.map((m) => kib(of(m)).replace(' KiB', '')).join(', ')} KiB)`;

// --- the run ---------------------------------------------------------------------------------------------

const machine = {
  cpu: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`,
  cores: os.cpus().length,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  os: `${os.type()} ${os.release()} (${os.arch()})`,
  node: process.version,
  files: openFileLimit(),
  // Steal the kernel has counted since boot: 0 after hours of uptime means the hypervisor does not report
  // it, and the steal of each run says nothing (the probes' pauses do).
  stealSinceBoot: machineTimes()?.steal,
  // Other work costs the latency runs, not the memory figures: --memory-only does not wait for it to end.
  busyBefore: flags.quick || flags['memory-only'] ? await machineBusy(500) : await quietMachine(),
};
log(`Express relay benchmark: ${levels.join(', ')} concurrent streams × ${tokens} tokens at ${tokensPerSecond} tokens/s, started over ${rampMs} ms; upstream on ${transportName}`);
log(`machine: ${machine.cpu}, ${machine.memory}, ${machine.os}, Node ${machine.node}`);
log(`CPU busy before the run: ${percent(machine.busyBefore)}${machine.busyBefore > 0.1 ? ' (something else is running: the latency figures will suffer)' : ''}`);
// Each relayed stream holds two sockets in the relay (browser side, upstream side); the memory step holds
// twice the level.
const needed = 4 * streams + 64;
if (machine.files) {
  log(`open files limit: ${machine.files.soft} (hard ${machine.files.hard}); the relay needs about ${needed}`);
  if (machine.files.soft < needed) log(`WARNING: raise it (ulimit -n ${needed}) or streams will fail with EMFILE.`);
}
if (typeof globalThis.gc !== 'function') log('note: run with --expose-gc (pnpm bench does)');
if (machine.stealSinceBoot === 0) log(`steal time counted by the kernel since boot: none in ${(os.uptime() / 3600).toFixed(1)} h (the hypervisor may not report it: a run's steal of 0% proves nothing, its probes' pauses say more)`);

const mock = await start('mock.mjs', [String(tokens), String(tokensPerSecond)]);
const direct = { url: `${mock.url}/openai/v1/chat/completions`, direct: true };
const pids = { mock: mock.child.pid, clients: process.pid };
log(pin ? `CPUs: each relay on ${relayCpus}, the mock and the clients on 0` : 'CPUs: shared by the mock, the relay and the clients (no taskset, one CPU, or BENCH_PIN=0)');
log(`Node flags of the relay and the floor: ${startFlags.join(' ') || 'none'} (the start script's)${extraFlags.length > 0 ? `, ${extraFlags.join(' ')} (BENCH_RELAY_NODE_OPTIONS)` : ''}`);
// Probes only where each process kind has CPUs of its own: a probe that floats between CPUs cannot say whose
// CPU paused.
const probes = pin && process.env.BENCH_PROBES !== '0' && !flags['memory-only'] ? await startProbes(['0', relayCpus]) : undefined;
if (probes) log(`CPU probes: one on CPU 0 and one on ${relayCpus}, a timer every ${probes.intervalMs} ms${probes.urgent ? ', at nice -20' : ' (at nice 0: setting -20 needs root, so other tasks can delay them too)'}; pauses over ${probes.thresholdMs} ms are counted`);

/** `count` streams read straight from the mock: the baseline of a relayed run. */
async function directRun(count, prefix) {
  const results = await runStreams(direct, prefix, count);
  return latencies(results, (await mock.ask({ type: 'stamps' })).stamps);
}

/**
 * `count` streams through a fresh process of `mode` (`demo`: the relay; `floor`), warmed up and measured
 * straight after, with `baseline` (a direct run of the same level) subtracted.
 */
async function relayedRun(mode, count, prefix, baseline) {
  const relay = await startRelay(mock.url, mode);
  try {
    const target = { url: mode === 'floor' ? relay.url : `${relay.url}/api/chat`, direct: false };
    await runStreams(target, `${prefix}-warmup`, warmup, warmupRampMs);
    await mock.ask({ type: 'stamps' });
    await relay.ask({ type: 'loop', reset: true });
    await probes?.read({ reset: true });
    const threadsBefore = threadTimes(relay.child.pid);
    const run = await withCpu({ ...pids, relay: relay.child.pid }, () => runStreams(target, prefix, count));
    const threads = threadWindow(relay.child.pid, threadsBefore, threadTimes(relay.child.pid));
    const { loop, gc: { pauses: gcPauses, ...gc }, stalls } = await relay.ask({ type: 'loop' });
    const probed = await probes?.read({ reset: true });
    const cpuPauses = probed?.pauses;
    const pauses = probes && { intervalMs: probes.intervalMs, thresholdMs: probes.thresholdMs, urgent: probes.urgent, ...summarizePauses(cpuPauses), speed: summarizeSpeed(probed.speed) };
    const relayed = latencies(run.value, (await mock.ask({ type: 'stamps' })).stamps);
    return {
      streams: count,
      peak: peakConcurrency(run.value),
      direct: baseline,
      relayed,
      added: { p50: relayed.p50 - baseline.p50, p99: relayed.p99 - baseline.p99 },
      loop,
      cpu: run.cpu,
      cpuMicrosecondsPerChunk: (run.cpu.relay * run.seconds * 1e6) / (count * framesPerStream),
      seconds: run.seconds,
      machine: run.machine,
      gc,
      threads,
      probes: pauses,
      stalls: explainStalls(stalls, { cpuPauses: cpuPauses?.[relayCpus], gcPauses }),
    };
  } finally {
    await stopChild(relay.child);
  }
}

const describeRow = (row, what) =>
  `  ${what}: added p50 ${ms(row.added.p50)}, p99 ${ms(row.added.p99)} (relayed p99 ${ms(row.relayed.p99)}, direct p99 ${ms(row.direct.p99)}); ` +
  `peak ${row.peak} open; CPU ${percent(row.cpu.relay)} (${row.cpuMicrosecondsPerChunk.toFixed(1)} µs per chunk), event-loop delay p99 ${ms(row.loop.p99)}, max ${ms(row.loop.max)}; ` +
  `rest of the machine ${percent(row.cpu.others)} of a core`;

/** The run with the median added p99 (of an even count, the higher of the middle two), and every run's figures. */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.added.p99 - b.added.p99);
  const median = sorted[Math.floor(sorted.length / 2)];
  const kept = ['added', 'relayed', 'direct', 'cpu', 'cpuMicrosecondsPerChunk', 'loop', 'seconds', 'machine', 'gc', 'threads', 'probes', 'stalls'];
  return { ...median, runs: runs.map((run) => Object.fromEntries(kept.map((key) => [key, run[key]]))) };
}

try {
  const rows = [];
  const floorRuns = [];
  for (const level of flags['memory-only'] ? [] : levels) {
    const runs = [];
    for (let run = 1; run <= (level === streams ? repeats : 1); run++) {
      const label = level === streams && repeats > 1 ? `${level} streams, run ${run} of ${repeats}` : `${level} streams`;
      log(`${label}: read directly from the mock, then through a fresh relay (after ${warmup} warm-up streams)${level === streams ? ', then through a fresh floor' : ''}…`);
      const baseline = await directRun(level, `direct-${level}-${run}`);
      const row = await relayedRun('demo', level, `relayed-${level}-${run}`, baseline);
      log(describeRow(row, 'relay'));
      log(describeConditions(row, 'relay'));
      runs.push(row);
      if (level !== streams) continue;
      const floorRow = await relayedRun('floor', level, `floor-${run}`, baseline);
      log(describeRow(floorRow, `floor (${transportName} + byte copy)`));
      log(describeConditions(floorRow, 'floor'));
      floorRuns.push(floorRow);
    }
    rows.push(runs.length === 1 ? runs[0] : medianRun(runs));
  }
  const floorRow = floorRuns.length === 1 ? floorRuns[0] : floorRuns.length > 1 ? medianRun(floorRuns) : undefined;
  if (repeats > 1 && floorRow) {
    const list = (runs) => runs.map((run) => ms(run.added.p99)).join(', ');
    const main = rows.find((row) => row.streams === streams);
    log(`added p99 at ${streams} streams, ${repeats} runs: relay ${list(main.runs)} (median ${ms(main.added.p99)}); floor ${list(floorRow.runs)} (median ${ms(floorRow.added.p99)})`);
  }

  if (flags['latency-only']) {
    log('\n--latency-only: no memory step, nothing written');
  } else {
    const processes = memoryProcesses > 1 ? `${memoryProcesses} fresh processes each, one after another` : 'a fresh process each';
    log(`memory: ${streams} streams held open, then ${2 * streams}, in the relay, the floor, and the relay with each stream sending a conversation of ${kib(conversationBytes)}; ${processes}…`);
    const { memory, floor, withHistory } = await measureMemoryInProcesses(mock.url, conversationOf(conversationBytes));

    // A process in which held streams were refused measured fewer open streams than it divides by: no pass.
    const { refused } = memory;
    const rssPass = refused === 0 && memory.marginal.rss < targets.bytesPerStream;
    const rssFromIdlePass = refused === 0 && memory.rss < targets.bytesPerStream;
    const heapPass = refused === 0 && memory.heap < targets.bytesPerStream;
    log('');
    if (refused > 0) log(`memory: ${refused} held streams of the relay's processes were refused or failed, not streamed (see the warnings above): the machine did not keep up, and the memory verdicts below are FAIL whatever the figures`);
    const main = rows.find((row) => row.streams === streams);
    const latencyPass = main && main.added.p99 < targets.p99AddedLatencyMs;
    if (main) log(`added latency per chunk at ${streams} streams, p99: ${describeAddedLatency(main, floorRow, transportName)}; target p99 < ${targets.p99AddedLatencyMs} ms: ${verdict(latencyPass)}`);
    log(`memory per open stream, RSS, from ${streams} to ${2 * streams} open: ${withProcesses(memory, (m) => m.marginal.rss)}; target < ${kib(targets.bytesPerStream)}: ${verdict(rssPass)}`);
    log(`memory per open stream, RSS, the first ${streams} from idle: ${withProcesses(memory, (m) => m.rss)}; target < ${kib(targets.bytesPerStream)}: ${verdict(rssFromIdlePass)}`);
    log(`memory per open stream, V8 heap + external: ${withProcesses(memory, (m) => m.heap)}; target < ${kib(targets.bytesPerStream)}: ${verdict(heapPass)}`);
    log(`  with a ${kib(conversationBytes)} conversation: ${describeMemory(withHistory)}`);
    log(`  for reference, the floor (${transportName} + byte copy, no relay): ${describeMemory(floor)}`);

    if (flags['memory-only']) {
      log('\n--memory-only: no latency runs, nothing written');
    } else {
      const results = {
        date: new Date().toISOString(),
        args: process.argv.slice(2), // for the chart's caption (packages/core/bench/chart)
        parameters: {
          streams, tokens, tokensPerSecond, heldTokens, heldOpeningAtOnce, heldOpeningMs, rampMs, warmup, warmupRampMs, repeats, memoryProcesses, levels, startFlags, extraFlags, upstream,
          quick: flags.quick,
          relayCpus: pin ? relayCpus : undefined,
          probes: probes && { cpus: ['0', relayCpus], intervalMs: probes.intervalMs, thresholdMs: probes.thresholdMs, urgent: probes.urgent },
        },
        targets,
        machine,
        rows,
        floorRow,
        memory,
        floor,
        withHistory: { conversationBytes, ...withHistory },
        verdicts: { latency: verdict(latencyPass), rss: verdict(rssPass), rssFromIdle: verdict(rssFromIdlePass), heap: verdict(heapPass) },
      };
      if (!flags['no-write']) {
        mkdirSync(join(appRoot, '.bench-out'), { recursive: true });
        writeFileSync(join(appRoot, '.bench-out', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
        if (flags.quick) {
          log('\nwrote .bench-out/latest.json (--quick: BENCHMARKS.md left as it was)');
        } else {
          writeFileSync(join(appRoot, 'BENCHMARKS.md'), report(targets, results));
          log('\nwrote BENCHMARKS.md and .bench-out/latest.json');
        }
      }
    }
  }
} finally {
  await probes?.stop();
  await stopChild(mock.child);
}
