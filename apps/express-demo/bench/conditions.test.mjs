import { describe, expect, it } from 'vitest';
import { conditionsTable, describeConditions, describePauses, describeSpeed } from './conditions.mjs';

/** A latency run as relayedRun in run.mjs records it. */
const run = (p99, { gc = { count: 40, total: 120, max: 9.5, major: 1, majorMax: 12 }, probes } = {}) => ({
  streams: 500,
  added: { p50: 1, p99 },
  cpuMicrosecondsPerChunk: 85.2,
  loop: { p50: 1.1, p99: 4.8, max: 43.4 },
  seconds: 20.5,
  machine: { cpuSeconds: 41, busy: 0.55, steal: 0, iowait: 0.001, irq: 0.02 },
  gc,
  threads: { mainRun: 9000, mainWait: 45, othersRun: 310 },
  probes,
  stalls: { count: 4, total: 180, max: 60, withCpuPaused: 150, inGc: 20, neither: 10 },
});
const probes = {
  thresholdMs: 5,
  cpus: { 0: { count: 2, total: 30, max: 18 }, 1: { count: 0, total: 0, max: 0 } },
  together: 0,
  speed: { 0: { count: 200, median: 124.4, p10: 121.2 }, 1: { count: 200, median: 131.6, p10: 122.9 } },
};

describe('describeConditions', () => {
  it('shows the machine, the GC pauses, the threads and the probes of a run', () => {
    const text = describeConditions(run(4, { probes }), 'relay');
    expect(text).toContain('41.0 s of CPU time in 20.5 s, 55% busy; steal 0.0%, iowait 0.1%, irq 2.0%');
    expect(text).toContain('relay: GC 40 pauses, 120.00 ms in all, max 9.50 ms (1 full, max 12.00 ms); event loop max 43.40 ms');
    expect(text).toContain('ready but waiting for it 45.00 ms; other threads on a CPU 0.31 s');
    expect(text).toContain(
      'CPU pauses seen by the probes (over 5 ms): CPU 0: 2, max 18.00 ms, 30.00 ms in all; CPU 1: none; all at once 0.00 ms; their fixed work took CPU 0: 124 µs (p10 121), CPU 1: 132 µs (p10 123)',
    );
    expect(text).toContain("relay's event-loop stalls over 5 ms: 4, 180.00 ms in all (max 60.00 ms): 150.00 ms with its CPU paused, 20.00 ms in GC, 10.00 ms neither");
  });

  it('leaves the probes out of a run that had none', () => {
    expect(describeConditions(run(4), 'floor')).not.toContain('probes');
    expect(describePauses(undefined)).toBe('no probes');
    expect(describeSpeed(undefined)).toBe('not measured');
  });
});

describe('conditionsTable', () => {
  it('has a line for each run of a repeated level and of the floor, in order', () => {
    const relay = { ...run(6), runs: [run(4), run(6), run(9)] };
    const floor = { ...run(3, { probes }), runs: [run(3, { probes }), run(2)] };
    const lines = conditionsTable([{ ...run(2), streams: 100 }, relay], floor).split('\n').filter((line) => line.startsWith('| relay') || line.startsWith('| floor'));
    expect(lines.map((line) => line.split(' | ')[0])).toEqual([
      '| relay, 100 streams',
      '| relay, 500 streams, run 1',
      '| relay, 500 streams, run 2',
      '| relay, 500 streams, run 3',
      '| floor, 500 streams, run 1',
      '| floor, 500 streams, run 2',
    ]);
    expect(lines[4]).toContain('| 40, 120.00 ms, 9.50 ms (1 full, 12.00 ms) | 9.00 s / 45.00 ms / 0.31 s | 0.0% / 0.1% / 2.0% | CPU 0: 2, max 18.00 ms');
    expect(lines[4]).toContain('| CPU 0: 124 µs (p10 121), CPU 1: 132 µs (p10 123) |');
    expect(lines[4]).toMatch(/\| 4, 180\.00 ms in all \(max 60\.00 ms\): 150\.00 ms with its CPU paused, 20\.00 ms in GC, 10\.00 ms neither \|$/);
  });

  it('is empty for results from before the conditions were recorded', () => {
    expect(conditionsTable([{ ...run(4), gc: undefined }], undefined)).toBe('');
  });
});
