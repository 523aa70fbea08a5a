import { describe, expect, it } from 'vitest';
import { describeAddedLatency } from './describe-added-latency.mjs';

const row = (p50, p99, runs) => ({ added: { p50, p99 }, ...(runs && { runs: runs.map((value) => ({ added: { p99: value } })) }) });

describe('describeAddedLatency', () => {
  it("puts the floor's added p99 beside the relay's, each with the p99 of every run", () => {
    expect(describeAddedLatency(row(0.42, 4.8, [5.9, 4.8, 4.68]), row(0.2, 3.37, [3.37, 6.1, 2.9]), 'node:http')).toBe(
      '4.80 ms (p50 0.42 ms), the median of 3 runs: 5.90 ms, 4.80 ms, 4.68 ms; the floor (node:http + byte copy, no relay): 3.37 ms, the median of 3 runs: 3.37 ms, 6.10 ms, 2.90 ms',
    );
  });

  it('gives one run as it is, and the relay alone when there is no floor', () => {
    expect(describeAddedLatency(row(0.5, 6.8), row(0.3, 7.35), "Node's fetch")).toBe("6.80 ms (p50 0.50 ms); the floor (Node's fetch + byte copy, no relay): 7.35 ms");
    expect(describeAddedLatency(row(0.5, 6.8), undefined, 'node:http')).toBe('6.80 ms (p50 0.50 ms)');
  });
});
