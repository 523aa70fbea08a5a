// What the benchmark measures about the machine and its processes (Linux /proc; NaN or undefined elsewhere).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { percent } from './format.mjs';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process has used, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs `task`, and measures the share of one core each process used meanwhile, and `others`: what the rest
 * of the machine used (other people's work on a shared machine skews latency figures).
 */
export async function withCpu(pids, task) {
  const started = now();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const machineBefore = machineTimes();
  const value = await task();
  const seconds = (now() - started) / 1000;
  const machineAfter = machineTimes();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (cpuSeconds(pid) - before[name]) / seconds]));
  const ours = Object.values(cpu).reduce((sum, share) => sum + share, 0);
  cpu.others = machineBefore && machineAfter ? Math.max(0, (machineAfter.busy - machineBefore.busy) / seconds - ours) : Number.NaN;
  return { value, cpu, seconds };
}

/** Busy and total CPU time of the whole machine so far, in seconds (from /proc/stat), or undefined. */
export function machineTimes() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { busy: (total - fields[3] - fields[4]) / 100, total: total / 100 };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU time that was busy over `ms`, before we start. */
export async function machineBusy(ms) {
  const before = machineTimes();
  await sleep(ms);
  const after = machineTimes();
  return before && after ? (after.busy - before.busy) / (after.total - before.total) : Number.NaN;
}

/** Waits (up to a minute) for other work on the machine to end; returns how busy it was at the start. */
export async function quietMachine() {
  let busy = await machineBusy(2000);
  for (let waited = 0; busy > 0.1 && waited < 60_000; waited += 2000) {
    if (waited === 0) console.log(`the machine is ${percent(busy)} busy with other work; waiting up to a minute for it to end…`);
    busy = await machineBusy(2000);
  }
  return busy;
}

export function openFileLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('Max open files'));
    const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
    return { soft: Number(soft), hard: Number(hard) };
  } catch {
    return undefined;
  }
}

/**
 * Pins a process and all its threads to the given CPUs (Linux `taskset`); returns whether it worked. The
 * benchmark gives the relay a core of its own, as in production, where Groq and the browsers are elsewhere:
 * on a shared core the mock's and the clients' work would count as the relay's latency.
 */
export function pinToCpus(pid, cpus) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
