// Timing batches of streams, checking what they delivered, and repeating runs in alternating order.
import { setMaxListeners } from 'node:events';
import { connectionPoolResets, createTally } from './clients.mjs';

// Where undici (and so Node's global fetch) keeps its connection pool: an `Agent`, created by Node with
// default options on the first fetch. `setGlobalDispatcher` from the undici package writes the same slot.
const globalDispatcher = Symbol.for('undici.globalDispatcher.1');

/**
 * Gives Node's fetch a new, empty connection pool (a new `Agent` of the same class, with the same default
 * options) and destroys the old one, and does the same for ours' node:http pool, so that every run starts
 * from the same state: no connection left open by the run before, none expiring in the middle. Returns
 * false when fetch has not made a pool yet.
 */
export async function freshConnectionPool() {
  for (const reset of connectionPoolResets) reset();
  const current = globalThis[globalDispatcher];
  if (current === undefined) return false;
  globalThis[globalDispatcher] = new current.constructor();
  await current.destroy();
  return true;
}

/** The value at percentile `p` (0–100) of sorted `values`, by the nearest-rank method. */
export function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const cpuMs = (usage) => (usage.user + usage.system) / 1000;

/**
 * One run: a fresh pool, gc(), then `streams` requests of `tokens` tokens started together; times until
 * the last stream ended. Each stream's response headers and first chunk are timed from the same start.
 * Every stream is checked against `expected` (count and exact content; the bytes-only reader: that it
 * ended with `[DONE]`). Returns the measurements and `problem` (a string) if any stream failed or
 * delivered something else.
 */
export async function runBatch(client, { streams, tokens, expected, limitMs, gc, mock }) {
  await freshConnectionPool();
  gc();
  const serverBefore = await mock.sample();
  const controller = new AbortController();
  // One signal for the whole batch (to enforce the time limit): every stream adds its listener to it.
  setMaxListeners(streams + 10, controller.signal);
  const timer = setTimeout(() => controller.abort(new Error(`run time limit of ${limitMs} ms passed`)), limitMs);
  const tallies = Array.from({ length: streams }, createTally);
  const clientCpuBefore = process.cpuUsage();
  const start = performance.now();
  const settled = await Promise.allSettled(tallies.map((tally) => client.read(tokens, tally, controller.signal)));
  const ms = performance.now() - start;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  clearTimeout(timer);
  const serverAfter = await mock.sample();

  const since = (key) => tallies.map((tally) => (tally[key] === undefined ? Infinity : tally[key] - start)).sort((a, b) => a - b);
  const firstChunkMs = since('firstChunkAt');
  const headersMs = since('headersAt');
  // The bytes-only reader counts no chunks: it carried the expected ones, as bytes, when it checks out.
  const chunks = client.bytesOnly ? streams * expected.count : tallies.reduce((sum, tally) => sum + tally.count, 0);
  const server = {
    cpuMs: serverBefore.cpu && serverAfter.cpu ? cpuMs(serverAfter.cpu) - cpuMs(serverBefore.cpu) : undefined,
    streamsCompleted: serverAfter.stats.streamsCompleted - serverBefore.stats.streamsCompleted,
    streamsAborted: serverAfter.stats.streamsAborted - serverBefore.stats.streamsAborted,
  };
  return {
    ms,
    chunks,
    chunksPerSecond: chunks / (ms / 1000),
    firstChunkP50Ms: percentile(firstChunkMs, 50),
    firstChunkP99Ms: percentile(firstChunkMs, 99),
    headersP50Ms: percentile(headersMs, 50),
    headersP99Ms: percentile(headersMs, 99),
    clientCpuMs: cpuMs(clientCpu),
    server,
    problem: findProblem(settled, tallies, client.bytesOnly ? undefined : expected),
  };
}

function findProblem(settled, tallies, expected) {
  const failed = settled.findIndex((result) => result.status === 'rejected');
  if (failed >= 0) {
    const error = settled[failed].reason;
    const count = settled.filter((result) => result.status === 'rejected').length;
    return `${count} of ${settled.length} stream(s) threw, e.g. stream ${failed + 1}: ${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`;
  }
  for (const [index, tally] of tallies.entries()) {
    if (expected === undefined) {
      if (!tally.endedWithDone) return `stream ${index + 1} did not end with data: [DONE] (${tally.bytes} bytes)`;
      continue;
    }
    if (tally.count !== expected.count) return `stream ${index + 1} gave ${tally.count} chunks, expected ${expected.count}`;
    if (tally.content !== expected.content) {
      let at = 0;
      while (at < tally.content.length && tally.content.charCodeAt(at) === expected.content.charCodeAt(at)) at++;
      return `stream ${index + 1} gave different content (${tally.content.length} characters, expected ${expected.content.length}; first difference at ${at})`;
    }
  }
  return undefined;
}

/**
 * Runs each client `warmups` untimed times, then `runs` timed rounds: the order of clients is reversed
 * every other round (ours, groq-sdk, bare, then bare, groq-sdk, ours, ...). Every run is checked; a client
 * that fails is dropped and the failure recorded in `failures` (with `where`) and in its entry.
 * Returns `{ [client.name]: { runs: [...], failure? } }`, each run with its `round` (from 1, for the ratios
 * paired by round of report.mjs), with medians added by `summarize`.
 */
export async function measureClients(clients, batch, { warmups, runs, where, failures, onRun }) {
  const entries = Object.fromEntries(clients.map((client) => [client.name, { runs: [] }]));
  let live = [...clients];
  // `round`: the timed round (from 1) a run belongs to, to pair it with the other clients' runs of that round.
  const attempt = async (client, when, round) => {
    const result = await runBatch(client, batch);
    onRun?.(client, result, when);
    if (result.problem) {
      entries[client.name].failure = `${when}: ${result.problem}`;
      failures.push(`${client.label}, ${where}, ${when}: ${result.problem}`);
      live = live.filter((other) => other !== client);
    } else if (round !== undefined) {
      entries[client.name].runs.push({ round, ...result });
    }
  };
  for (let round = 0; round < warmups; round++) {
    for (const client of [...live]) await attempt(client, `warm-up ${round + 1}`, undefined);
  }
  for (let round = 0; round < runs; round++) {
    for (const client of round % 2 ? [...live].reverse() : [...live]) await attempt(client, `run ${round + 1}`, round + 1);
  }
  for (const entry of Object.values(entries)) summarize(entry);
  return entries;
}

/** Medians over the timed runs of one client. */
function summarize(entry) {
  if (entry.runs.length === 0) return;
  const of = (key) => median(entry.runs.map((run) => run[key]));
  entry.medianMs = of('ms');
  entry.chunksPerSecond = entry.runs[0].chunks / (entry.medianMs / 1000);
  entry.firstChunkP50Ms = of('firstChunkP50Ms');
  entry.firstChunkP99Ms = of('firstChunkP99Ms');
  entry.headersP50Ms = of('headersP50Ms');
  entry.headersP99Ms = of('headersP99Ms');
  entry.clientCpuMicrosecondsPerChunk = median(entry.runs.map((run) => (1000 * run.clientCpuMs) / run.chunks));
  entry.clientCpuPercent = median(entry.runs.map((run) => (100 * run.clientCpuMs) / run.ms));
  if (entry.runs.every((run) => run.server.cpuMs !== undefined)) {
    entry.serverCpuPercent = median(entry.runs.map((run) => (100 * run.server.cpuMs) / run.ms));
  }
  entry.serverStreamsAborted = entry.runs.reduce((sum, run) => sum + run.server.streamsAborted, 0);
}
