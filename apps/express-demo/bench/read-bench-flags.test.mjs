import { describe, expect, it } from 'vitest';
import { readBenchFlags } from './read-bench-flags.mjs';

describe('readBenchFlags', () => {
  it('reads the defaults, --quick ones and every numeric flag in decimal notation', () => {
    expect(readBenchFlags([])).toMatchObject({ streams: 500, tokens: 200, tokensPerSecond: 20, rampMs: 10_000, warmup: 50, repeats: 3, memoryProcesses: 3, levels: [100, 250, 500] });
    expect(readBenchFlags(['--quick'])).toMatchObject({ streams: 50, tokens: 10, rampMs: 500, warmup: 10, repeats: 1, memoryProcesses: 1, levels: [10, 25, 50] });
    expect(
      readBenchFlags(['--streams', '40', '--tokens=8', '--tokens-per-second', '2.5', '--ramp-ms', '0', '--sweep', '10,20', '--warmup', '0', '--repeats', '2', '--memory-processes', '1']),
    ).toMatchObject({ streams: 40, tokens: 8, tokensPerSecond: 2.5, rampMs: 0, warmup: 0, repeats: 2, memoryProcesses: 1, levels: [10, 20, 40] });
  });

  it.each([
    // Number() read these as 1000, 16, 0 or 1.
    [['--streams', '1e3'], '--streams must be an integer of at least 1, got "1e3".'],
    [['--tokens', '0x10'], '--tokens must be an integer of at least 1, got "0x10".'],
    [['--repeats', ''], '--repeats must be an integer of at least 1, got "".'],
    [['--memory-processes', '0b1'], '--memory-processes must be an integer of at least 1, got "0b1".'],
    [['--warmup', '1.5'], '--warmup must be an integer of at least 0, got "1.5".'],
    [['--tokens-per-second', '1e1'], '--tokens-per-second must be a number of at least 0.01, got "1e1".'],
    [['--tokens-per-second', '0'], '--tokens-per-second must be a number of at least 0.01, got "0".'],
    [['--ramp-ms', 'soon'], '--ramp-ms must be a number of at least 0, got "soon".'],
    [['--sweep', '10,1e2'], '--sweep must be an integer of at least 1, got "1e2".'],
    // A negative number as its own argument gets the range message, not parseArgs' "ambiguous".
    [['--streams', '-1'], '--streams must be an integer of at least 1, got "-1".'],
    [['--ramp-ms', '-.5'], '--ramp-ms must be a number of at least 0, got "-.5".'],
  ])('refuses %j with the range message', (argv, message) => {
    expect(() => readBenchFlags(argv)).toThrow(new RangeError(message));
  });

  it('refuses --latency-only with --memory-only, and an unknown flag', () => {
    expect(() => readBenchFlags(['--latency-only', '--memory-only'])).toThrow('--latency-only and --memory-only leave nothing to run together; pass one.');
    expect(() => readBenchFlags(['--fast'])).toThrow("Unknown option '--fast'");
  });
});
