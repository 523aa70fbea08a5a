import { describe, expect, it } from 'vitest';
import { pairByRound } from './paired-ratio.mjs';
import { caseRatios, cpuRatioLines, cpuTable, judgeTargets, roundRatioLines } from './report.mjs';

/** A client's timed runs, one a round from round 1, from their times (ms) and first-chunk p50s. */
const runs = (ms, firstChunkP50Ms = ms.map(() => 100)) =>
  ms.map((value, index) => ({ round: index + 1, ms: value, chunksPerSecond: 400_000 / (value / 1000), firstChunkP50Ms: firstChunkP50Ms[index], firstChunkP99Ms: 2 * firstChunkP50Ms[index] }));

describe('pairByRound', () => {
  it('pairs runs by their round, so that a client dropped after a failure is compared only where it ran', () => {
    const entries = { ours: { runs: runs([300, 310, 290, 305]) }, 'groq-sdk': { runs: runs([1000, 900]).map((run, index) => ({ ...run, round: [1, 3][index] })) } };
    const ratio = pairByRound(entries, 'ms', 'groq-sdk', 'ours');
    expect(ratio.each).toEqual([1000 / 300, undefined, 900 / 290, undefined]);
    expect(ratio.paired).toBe((1000 / 300 + 900 / 290) / 2);
    expect(ratio.independent).toBe(950 / 302.5); // every run of each: medians 950 and 302.5
    expect(pairByRound({ ours: { runs: runs([300]) }, 'groq-sdk': { runs: [] } }, 'ms', 'groq-sdk', 'ours')).toBeUndefined();
    expect(pairByRound({ ours: { runs: runs([300]) } }, 'ms', 'groq-sdk', 'ours')).toBeUndefined();
  });
});

describe('the targets', () => {
  it("are judged on the median of the rounds' own ratios, with the ratio of the medians in their detail", () => {
    const clients = {
      ours: { chunksPerSecond: 400_000 / 0.31, firstChunkP50Ms: 100, runs: runs([310, 200, 320], [100, 80, 120]) },
      'groq-sdk': { chunksPerSecond: 400_000 / 0.9, firstChunkP50Ms: 390, runs: runs([1000, 640, 900], [390, 230, 420]) },
    };
    const single = { id: 'single', title: '1 stream', streams: 1, clients, ...caseRatios(clients) };
    const concurrent = { id: 'concurrent', title: '200 streams', streams: 200, clients, ...caseRatios(clients) };
    expect(single.ratios.oursOverGroqSdk).toBe(3.2);
    expect(single.independentRatios.oursOverGroqSdk).toBe(900 / 310);
    const [one, many, firstChunk] = judgeTargets(single, concurrent);
    expect(one).toMatchObject({ status: 'PASS', value: 3.2 });
    expect(one.detail).toContain('the ratio of the medians 2.90×');
    expect(many).toMatchObject({ status: 'PASS', value: 3.2 });
    // groq-sdk's first-chunk p50 over ours' in each round: 3.9, 2.875, 3.5; their median 3.5 (the medians: 390 / 100 = 3.9).
    expect(firstChunk).toMatchObject({ status: 'PASS', value: 3.5 });
    expect(firstChunk.detail).toContain('the ratio of the medians 3.90×');
    const lines = roundRatioLines([single, concurrent]);
    expect(lines).toContain('1 stream, chunks/s ours/groq-sdk: 3.23 / 3.20 / 2.81 → 3.20× (medians 2.90×)');
    expect(lines).toContain('200 streams, first chunk p50 ours/groq-sdk: 0.26 / 0.35 / 0.29 → 0.29× (medians 0.26×)');
    expect(lines.filter((line) => line.startsWith('1 stream, first chunk'))).toEqual([]); // not in the table either
  });
});

describe('the first-chunk ratios of groq-sdk over ours', () => {
  it("are the median of the rounds' own groq-sdk/ours, which the target judges, not the inverse of ours/groq-sdk's median", () => {
    // Four rounds: groq-sdk/ours 3, 3.5, 4 and 5, median 3.75; ours/groq-sdk's median (0.2857 + 0.25) / 2 inverts to 3.73.
    const clients = { ours: { runs: runs([300, 300, 300, 300], [100, 100, 100, 100]) }, 'groq-sdk': { runs: runs([900, 900, 900, 900], [300, 350, 400, 500]) } };
    const concurrent = { id: 'concurrent', title: '200 streams', streams: 200, clients, ...caseRatios(clients) };
    expect(concurrent.ratios.firstChunkP50GroqSdkOverOurs).toBe(3.75);
    expect(1 / concurrent.ratios.firstChunkP50OursOverGroqSdk).toBeCloseTo(3.733, 3);
    expect(concurrent.independentRatios.firstChunkP50GroqSdkOverOurs).toBe(375 / 100);
    expect(concurrent.ratios.firstChunkP99GroqSdkOverOurs).toBe(3.75); // runs() makes each p99 twice the p50
    const [, firstChunk] = judgeTargets(undefined, concurrent);
    expect(firstChunk).toMatchObject({ key: 'concurrent.firstChunkP50Ms', value: concurrent.ratios.firstChunkP50GroqSdkOverOurs });
  });
});

describe('the CPU table', () => {
  it("gives client CPU per chunk ratios paired by round, with each round's and the ratio of the medians in lines under it", () => {
    // 200 streams × 2,002 chunks a run; each run's client CPU (ms). The machine ran round 2 slower for both.
    const chunks = 200 * 2002;
    const cpuRuns = (clientCpuMs) => clientCpuMs.map((cpu, index) => ({ round: index + 1, ms: 2000, chunks, clientCpuMs: cpu }));
    const entry = (clientCpuMs) => {
      const perChunk = clientCpuMs.map((cpu) => (1000 * cpu) / chunks).sort((a, b) => a - b);
      return { runs: cpuRuns(clientCpuMs), clientCpuMicrosecondsPerChunk: perChunk[1], clientCpuPercent: 100, serverCpuPercent: 20 };
    };
    const clients = { 'groq-sdk': entry([8000, 12000, 10000]), bare: entry([1200, 1900, 1500]), ours: entry([1500, 1800, 1400]) };
    const concurrent = { id: 'concurrent', title: '200 streams', streams: 200, clients, ...caseRatios(clients) };
    // ours/groq-sdk of each round: 0.1875, 0.15, 0.14; their median 0.15 (the medians: 1500 / 10000).
    expect(concurrent.roundRatios.clientCpuOursOverGroqSdk).toEqual([1500 / 8000, 1800 / 12000, 1400 / 10000]);
    expect(concurrent.ratios.clientCpuOursOverGroqSdk).toBe(0.15);
    expect(concurrent.independentRatios.clientCpuOursOverGroqSdk).toBe(0.15);
    // ours/bare: 1.25, 0.947, 0.933; median 0.947 (the medians: 1500 / 1500 = 1).
    expect(concurrent.ratios.clientCpuOursOverBare).toBe(1800 / 1900);
    expect(concurrent.independentRatios.clientCpuOursOverBare).toBe(1);
    const [perChunk] = cpuTable([concurrent]).rows;
    expect(perChunk.slice(-3)).toEqual(['0.15×', '0.95×', '0.15×']); // ours/bare: the ratio of the medians was 1.00×
    expect(cpuRatioLines([concurrent])).toEqual([
      '200 streams, client CPU per chunk ours/groq-sdk: 0.19 / 0.15 / 0.14 → 0.15× (medians 0.15×)',
      '200 streams, client CPU per chunk ours/bare: 1.25 / 0.95 / 0.93 → 0.95× (medians 1.00×)',
      '200 streams, client CPU per chunk bare/groq-sdk: 0.15 / 0.16 / 0.15 → 0.15× (medians 0.15×)',
    ]);
  });
});
