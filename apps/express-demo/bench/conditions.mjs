// What else happened during a latency run, beside its latency: what the machine's CPUs did (steal,
// iowait, interrupts), the measured process's GC pauses and threads, and the pauses the CPU probes saw
// (bench/probe.mjs), and how much of the measured process's event-loop stalls each accounts for
// (bench/stalls.mjs). Stall time that the probe on the relay's CPU saw too was no task's doing (the host,
// or the kernel); stall time in a GC pause was a collection; the rest was the process's own work or
// another task holding its CPU (the main thread's wait for its CPU says how long; the relay's own GC
// helper threads are among those tasks, since it is pinned with them).
import { ms, percent } from './format.mjs';

const share = (value) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a');
const seconds = (value) => `${(value / 1000).toFixed(2)} s`;

/** `CPU 1: 3 pauses, max 16.2 ms, 41.0 ms in all; CPU 0: none; all at once 10.0 ms` */
export function describePauses(probes) {
  if (!probes) return 'no probes';
  const sets = Object.entries(probes.cpus).map(
    ([cpus, pauses]) => `CPU ${cpus}: ${pauses.count === 0 ? 'none' : `${pauses.count}, max ${ms(pauses.max)}, ${ms(pauses.total)} in all`}`,
  );
  return `${sets.join('; ')}${sets.length > 1 ? `; all at once ${ms(probes.together)}` : ''}`;
}

/** `CPU 0: 124 µs (p10 121), CPU 1: 125 µs (p10 122)`: the probes' fixed work, median time; higher is slower. */
export function describeSpeed(probes) {
  if (!probes?.speed) return 'not measured';
  return Object.entries(probes.speed)
    .map(([cpus, speed]) => `CPU ${cpus}: ${speed.median.toFixed(0)} µs (p10 ${speed.p10.toFixed(0)})`)
    .join(', ');
}

/** `4, 180.00 ms in all (max 60.00 ms): 150.00 ms with its CPU paused, 20.00 ms in GC, 10.00 ms neither` */
export function describeStalls(stalls) {
  if (!stalls) return 'not recorded';
  if (stalls.count === 0) return 'none';
  return `${stalls.count}, ${ms(stalls.total)} in all (max ${ms(stalls.max)}): ${ms(stalls.withCpuPaused)} with its CPU paused, ${ms(stalls.inGc)} in GC, ${ms(stalls.neither)} neither`;
}

const describeGc = (gc) =>
  gc ? `GC ${gc.count} pauses, ${ms(gc.total)} in all, max ${ms(gc.max)}${gc.major > 0 ? ` (${gc.major} full, max ${ms(gc.majorMax)})` : ' (none full)'}` : 'GC not reported';

/** The lines run.mjs prints under a run's latency line; `what`: the process measured (relay, floor). */
export function describeConditions(row, what) {
  const m = row.machine;
  const t = row.threads;
  const lines = [
    m
      ? `    machine: ${m.cpuSeconds.toFixed(1)} s of CPU time in ${row.seconds.toFixed(1)} s, ${percent(m.busy)} busy; steal ${share(m.steal)}, iowait ${share(m.iowait)}, irq ${share(m.irq)}`
      : '    machine: /proc/stat not readable',
    `    ${what}: ${describeGc(row.gc)}; event loop max ${ms(row.loop.max)}` +
      (t ? `; main thread on its CPU ${seconds(t.mainRun)}, ready but waiting for it ${ms(t.mainWait)}; other threads on a CPU ${seconds(t.othersRun)}` : ''),
  ];
  if (row.probes) lines.push(`    CPU pauses seen by the probes (over ${row.probes.thresholdMs} ms): ${describePauses(row.probes)}; their fixed work took ${describeSpeed(row.probes)}`);
  if (row.stalls) lines.push(`    ${what}'s event-loop stalls over 5 ms: ${describeStalls(row.stalls)}`);
  return lines.join('\n');
}

/** Every measured run of `rows` (each run of a repeated level) and of the floor, labelled, in order. */
function measuredRuns(rows, floorRow) {
  const each = (row, what) => (row.runs?.length > 1 ? row.runs.map((run, index) => [`${what}, ${row.streams} streams, run ${index + 1}`, run]) : [[`${what}, ${row.streams} streams`, row]]);
  return [...rows.flatMap((row) => each(row, 'relay')), ...(floorRow ? each(floorRow, 'floor') : [])];
}

/** BENCHMARKS.md's table of the conditions of each run (empty for results from before they were recorded). */
export function conditionsTable(rows, floorRow) {
  const runs = measuredRuns(rows, floorRow).filter(([, run]) => run.gc !== undefined);
  if (runs.length === 0) return '';
  const line = ([label, run]) => {
    const m = run.machine;
    const t = run.threads;
    return (
      `| ${label} | ${ms(run.added.p99)} | ${run.cpuMicrosecondsPerChunk.toFixed(0)} µs | ${ms(run.loop.max)} | ` +
      `${run.gc.count}, ${ms(run.gc.total)}, ${ms(run.gc.max)}${run.gc.major > 0 ? ` (${run.gc.major} full, ${ms(run.gc.majorMax)})` : ''} | ` +
      `${t ? `${seconds(t.mainRun)} / ${ms(t.mainWait)} / ${seconds(t.othersRun)}` : 'n/a'} | ` +
      `${m ? `${share(m.steal)} / ${share(m.iowait)} / ${share(m.irq)}` : 'n/a'} | ${run.probes ? describePauses(run.probes) : 'no probes'} | ${describeSpeed(run.probes)} | ${describeStalls(run.stalls)} |`
    );
  };
  return `
What else happened during each run. The measured process: its CPU per chunk, its longest event-loop stall, its GC
pauses (count, total, longest; full collections apart), its main thread's time on its CPU and ready but waiting for
it, and the CPU time of its other threads (V8's GC helpers, libuv's pool), all pinned with it. The machine: steal,
iowait and interrupt time as shares of all its CPU time. The probes (bench/probe.mjs, one per CPU at nice -20): the
pauses of their CPU, and how long a fixed piece of work took them (a slower CPU, from the host's other load on the
same core say, takes longer; a process doing more work for the same chunks does not move it). And the process's
event-loop stalls of 5 ms or more, split by what was under way meanwhile: stall time with the probe of its CPU
paused too was no task's doing (the host ran something else on that virtual CPU, steal that the kernel may not
count, or the kernel was busy); stall time in a GC pause was a collection; the rest ("neither") was the process's
own work or another task holding its CPU (see its wait for its CPU).

| run | added p99 | CPU per chunk | event-loop max | GC pauses | main thread on its CPU / waiting for it / other threads' CPU | steal / iowait / irq | CPU pauses seen by the probes | the probes' fixed work (median) | event-loop stalls over 5 ms |
|---|---|---|---|---|---|---|---|---|---|
${runs.map(line).join('\n')}
`;
}
