// What the benchmark measures about the machine and its processes (Linux /proc; NaN or undefined elsewhere).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
 * of the machine used (other people's work on a shared machine skews latency figures); `machine`: see
 * `machineWindow`.
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
  return { value, cpu, seconds, machine: machineWindow(machineBefore, machineAfter) };
}

/**
 * CPU time of the whole machine so far, in seconds (from /proc/stat's `cpu` line), or undefined: `total`,
 * `busy` (all but idle and iowait), and the `steal`, `iowait` and `irq` (hard and soft) in it. The line's
 * last two values (guest, guest_nice) are left out, since the kernel counts them in user and nice too.
 * `steal` is time the hypervisor ran something else on our virtual CPUs, but only if it tells the kernel:
 * where it does not, that time is counted as the time of whatever task it interrupted.
 */
export function machineTimes() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [, , , idle, iowait, irq, softirq, steal = 0] = fields;
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: (total - idle - iowait) / 100, total: total / 100, steal: steal / 100, iowait: iowait / 100, irq: (irq + softirq) / 100 };
  } catch {
    return undefined;
  }
}

/** What the machine's CPUs did between two `machineTimes()`: CPU seconds, and steal, iowait and irq as shares of them. */
export function machineWindow(before, after) {
  if (!before || !after) return undefined;
  const cpuSeconds = after.total - before.total;
  const share = (key) => (cpuSeconds > 0 ? (after[key] - before[key]) / cpuSeconds : Number.NaN);
  return { cpuSeconds, busy: share('busy'), steal: share('steal'), iowait: share('iowait'), irq: share('irq') };
}

/**
 * CPU time and run-queue wait of a process's threads so far, in ms, by thread id (Linux
 * /proc/<pid>/task/<tid>/schedstat: time on a CPU, time ready but waiting for one), or undefined. The
 * main thread's id is the process id.
 */
export function threadTimes(pid) {
  try {
    const threads = {};
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        threads[tid] = { run: run / 1e6, wait: wait / 1e6 };
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return threads;
  } catch {
    return undefined;
  }
}

/**
 * What a process's threads did between two `threadTimes()`, in ms: the main thread's CPU time and wait
 * for a CPU (the event loop, ready to run while something else had its CPU), and the CPU time of its other
 * threads (V8's GC helpers, libuv's pool), which share the main thread's CPUs when the process is pinned.
 */
export function threadWindow(pid, before, after) {
  if (!before || !after || !before[pid] || !after[pid]) return undefined;
  let others = 0;
  for (const [tid, times] of Object.entries(after)) if (tid !== String(pid)) others += times.run - (before[tid]?.run ?? 0);
  return { mainRun: after[pid].run - before[pid].run, mainWait: after[pid].wait - before[pid].wait, othersRun: others };
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
