// The probes of bench/probe.mjs, one per CPU set, and what their pauses add up to.
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkReady } from './fork-ready.mjs';
import { pinToCpus } from './system.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Gives a process's main thread the highest priority of the normal scheduler (nice -20), so that it runs
 * as soon as its timer fires, ahead of the relay and every other task; returns whether it worked (it needs
 * root or CAP_SYS_NICE). Not real-time (SCHED_FIFO): a real-time Node process spun a whole CPU after about
 * 10 s (V8's incremental sweeping on the main thread waiting for a sweeper thread that a real-time main
 * thread never lets run), until the kernel's real-time throttling stopped it for 50 ms of every second.
 */
function makeUrgent(pid) {
  try {
    os.setPriority(pid, -20);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a probe pinned to each of `cpuSets` (taskset lists: '0', '1-3'), at nice -20 where it may be.
 * `read({ reset })` resolves to the pauses and work times of each probe since the last reset, by CPU set.
 */
export async function startProbes(cpuSets, { intervalMs = 2, thresholdMs = 5 } = {}) {
  const probes = [];
  for (const cpus of cpuSets) {
    const { child } = await forkReady(join(here, 'probe.mjs'), [String(intervalMs), String(thresholdMs)]);
    probes.push({ cpus, child, pinned: pinToCpus(child.pid, cpus), urgent: makeUrgent(child.pid) });
  }
  const ask = async ({ child }, reset) => {
    const reply = once(child, 'message');
    child.send({ type: 'pauses', reset });
    return (await reply)[0];
  };
  return {
    intervalMs,
    thresholdMs,
    urgent: probes.every((probe) => probe.urgent),
    pinned: probes.every((probe) => probe.pinned),
    /** { pauses: { cpus: [[end, length], ...] }, speed: { cpus: [µs, ...] } } since the last reset. */
    read: async ({ reset = false } = {}) => {
      const replies = await Promise.all(probes.map(async (probe) => [probe.cpus, await ask(probe, reset)]));
      return {
        pauses: Object.fromEntries(replies.map(([cpus, reply]) => [cpus, reply.pauses])),
        speed: Object.fromEntries(replies.map(([cpus, reply]) => [cpus, reply.speed])),
      };
    },
    stop: async () => {
      for (const { child } of probes) {
        child.kill('SIGTERM');
        if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      }
    },
  };
}

/**
 * Per CPU set: how many pauses, their total and longest, in ms; and `together`: the time all the CPU sets
 * were paused at once (the whole virtual machine stopped, or every CPU's kernel busy at the same time).
 * `pausesByCpus`: { cpus: [[end, length], ...] }, each list in time order and without overlaps.
 */
export function summarizePauses(pausesByCpus) {
  const lists = Object.values(pausesByCpus);
  const cpus = Object.fromEntries(
    Object.entries(pausesByCpus).map(([set, pauses]) => [
      set,
      { count: pauses.length, total: pauses.reduce((sum, [, length]) => sum + length, 0), max: pauses.reduce((max, [, length]) => Math.max(max, length), 0) },
    ]),
  );
  // A sweep over every pause's start and end: the time during which all lists had one under way.
  const edges = lists.flatMap((pauses) => pauses.flatMap(([end, length]) => [[end - length, 1], [end, -1]]));
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let since = 0;
  let together = 0;
  for (const [at, change] of edges) {
    if (open === lists.length && lists.length > 0) together += at - since;
    open += change;
    since = at;
  }
  return { cpus, together };
}

/**
 * Per CPU set, the probe's work times (µs): the median and the 10th percentile, the CPU's speed with and
 * without the odd interruption. Higher is slower.
 */
export function summarizeSpeed(speedByCpus) {
  const at = (sorted, share) => sorted[Math.floor(share * (sorted.length - 1))] ?? Number.NaN;
  return Object.fromEntries(
    Object.entries(speedByCpus).map(([set, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [set, { count: sorted.length, median: at(sorted, 0.5), p10: at(sorted, 0.1) }];
    }),
  );
}
