// The soak of one setup, in its own `node --expose-gc` process (run.mjs starts it): `concurrency` workers
// run scenarios picked at random by weight, in phases, sampling memory and handles after a forced GC:
//   start    before any load
//   warm-up  a quarter of the time (20 to 60 s): V8 compiles the hot paths, the pools fill
//   rest     every scenario ended, then settled (see below): the baseline for retained memory
//   load     the rest of the time, sampled six times
//   end      every scenario ended
//   settled  at rest again: what the verdict (verdict.mjs) judges
// "Settled" waits, forcing GC every half second, until nothing is open that was not open at the start (the
// pools' idle sockets close a few seconds after their last answer; a dropped stream is released once it is
// garbage), or SETTLE_MAX_MS passed. The result goes as JSON to `out` for run.mjs.
import { getEventListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DRAIN_MAX_MS, SETTLE_MAX_MS, stillOpen } from './verdict.mjs';

/**
 * `scenarios`: { name: { weight, errors?: [error kinds it may end with], run: async () => label? } }.
 * `probe()`: the setup's own counters for each sample, e.g. { mockOpen, relayConnections }.
 */
export async function soak({ label, minutes, concurrency, scenarios, sharedSignal, probe, out }) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (run.mjs does)');
  const durationMs = minutes * 60_000;
  const warmupMs = Math.min(60_000, Math.max(20_000, durationMs / 4));
  const started = Date.now();
  const outcomes = {}; // scenario -> { runs, <label or error kind>: count }
  const unexpected = new Map(); // `${scenario} ${kind}` -> { scenario, kind, count, message }
  const samples = [];
  const hung = {};
  const settleMs = {};
  const warnings = {}; // process warnings by name: a MaxListenersExceededWarning is listeners piling up
  process.on('warning', (warning) => (warnings[warning.name] = (warnings[warning.name] ?? 0) + 1));
  let inFlight = 0;
  let done = 0;

  const sample = async (phase) => {
    await fullGc();
    const memory = process.memoryUsage();
    const entry = {
      phase,
      seconds: Math.round((Date.now() - started) / 1000),
      done,
      inFlight,
      heapMB: megabytes(memory.heapUsed),
      externalMB: megabytes(memory.external),
      rssMB: megabytes(memory.rss),
      resources: activeResources(),
      sharedListeners: getEventListeners(sharedSignal, 'abort').length,
      ...(await probe()),
    };
    samples.push(entry);
    console.log(`[soak ${label} ${entry.seconds}s] ${phase}: ${done} streams, ${inFlight} in flight, heap ${entry.heapMB} MB, ` +
      `external ${entry.externalMB} MB, mock open ${entry.mockOpen}`);
    return entry;
  };

  const runOne = async () => {
    const name = weighted(scenarios);
    const scenario = scenarios[name];
    const counts = (outcomes[name] ??= { runs: 0 });
    inFlight++;
    try {
      const outcome = (await scenario.run()) ?? 'ok';
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    } catch (error) {
      const kind = errorKind(error);
      counts[kind] = (counts[kind] ?? 0) + 1;
      if (!scenario.errors?.includes(kind)) {
        const key = `${name} ${kind}`;
        const entry = unexpected.get(key) ?? { scenario: name, kind, count: 0, message: String(error?.message ?? error).slice(0, 300) };
        entry.count++;
        unexpected.set(key, entry);
      }
    } finally {
      inFlight--;
      done++;
      counts.runs++;
    }
  };

  /** Runs the workers for `ms`, then waits (up to DRAIN_MAX_MS) for the scenarios under way to end. */
  const load = async (phase, ms, sampleEveryMs) => {
    const deadline = Date.now() + ms;
    let sampling = false;
    const timer = sampleEveryMs && setInterval(() => {
      if (sampling) return;
      sampling = true;
      void sample(phase).finally(() => (sampling = false));
    }, sampleEveryMs);
    const workers = Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await runOne();
    });
    // The drain's own timer is cancelled: left running, it would count as an active handle at rest.
    const giveUp = new AbortController();
    const tooLong = sleep(ms + DRAIN_MAX_MS, false, { signal: giveUp.signal }).catch(() => false);
    const ended = await Promise.race([Promise.all(workers).then(() => true), tooLong]);
    giveUp.abort();
    clearInterval(timer);
    while (sampling) await sleep(50);
    hung[phase] = ended ? 0 : inFlight;
  };

  /** Waits until nothing is open that was not at `start` (or SETTLE_MAX_MS), then samples. */
  const settle = async (phase, start) => {
    const since = Date.now();
    for (;;) {
      await fullGc();
      const now = { resources: activeResources(), sharedListeners: getEventListeners(sharedSignal, 'abort').length, ...(await probe()) };
      if (stillOpen(now, start).length === 0 || Date.now() - since > SETTLE_MAX_MS) break;
      await sleep(500);
    }
    settleMs[phase === 'rest' ? 'rest' : 'end'] = Date.now() - since;
    return sample(phase);
  };

  const start = await sample('start');
  await load('warm-up', warmupMs);
  await settle('rest', start);
  const loadMs = Math.max(0, durationMs - warmupMs);
  await load('load', loadMs, Math.max(5_000, loadMs / 6));
  await sample('end');
  await settle('settled', start);

  const result = {
    label, minutes, concurrency, warmupMs, node: process.version, hung, settleMs, warnings, samples,
    unexpected: [...unexpected.values()], outcomes,
  };
  writeFileSync(out, JSON.stringify(result, null, 1));
  return result;
}

const megabytes = (bytes) => +(bytes / 1048576).toFixed(2);

/** Several full collections, with turns of the event loop between them for FinalizationRegistry callbacks. */
async function fullGc() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(50);
  }
}

/** { resource type: count } of what keeps the event loop alive (sockets, servers, timers...). */
function activeResources() {
  const counts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** A scenario name picked at random, in proportion to the scenarios' weights. */
function weighted(scenarios) {
  const entries = Object.entries(scenarios);
  let r = Math.random() * entries.reduce((sum, [, { weight }]) => sum + weight, 0);
  for (const [name, { weight }] of entries) if ((r -= weight) < 0) return name;
  return entries[0][0];
}

/**
 * An error's kind: the class name for this SDK's errors (APIUserAbortError...), with the code or message for
 * the generic ones (`Error: ECONNRESET`), so that an unexpected one says what it was.
 */
export function errorKind(error) {
  if (!(error instanceof Error)) return `thrown ${typeof error}`;
  if (error.name !== 'Error' && error.name !== 'TypeError') return error.name;
  return `${error.name}: ${error.code ?? error.message.slice(0, 80)}`;
}
