import { parseArgs } from 'node:util';
import { attachNegativeNumbers, parseNumber } from '../../../scripts/number-flags.mjs';

/** The flags that take a number: a negative one given as its own argument reaches their range check. */
const numericFlags = ['--streams', '--tokens', '--tokens-per-second', '--ramp-ms', '--warmup', '--repeats', '--memory-processes'];

/**
 * The benchmark's flags (run.mjs's header lists them) from `argv` (without `node` and the script path), with
 * their numbers read as groq-stream's CLI reads its own: decimal notation only, each checked against its range.
 *
 * @param {readonly string[]} argv
 * @throws {TypeError} from `parseArgs` for an unknown flag or a missing value; {RangeError} naming a flag whose
 *   value is out of range or not in decimal notation (`--streams 1e3`), or `--latency-only` with `--memory-only`.
 */
export function readBenchFlags(argv) {
  const { values: flags } = parseArgs({
    args: attachNegativeNumbers(argv, numericFlags),
    options: {
      streams: { type: 'string' },
      tokens: { type: 'string' },
      'tokens-per-second': { type: 'string', default: '20' },
      'ramp-ms': { type: 'string' },
      sweep: { type: 'string' },
      warmup: { type: 'string' },
      repeats: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'latency-only': { type: 'boolean', default: false },
      'memory-only': { type: 'boolean', default: false },
      'memory-processes': { type: 'string' },
    },
  });
  const defaults = flags.quick
    ? { streams: '50', tokens: '10', sweep: '10,25', warmup: '10', repeats: '1', memoryProcesses: '1' }
    : { streams: '500', tokens: '200', sweep: '100,250', warmup: '50', repeats: '3', memoryProcesses: '3' };
  const count = { integer: true, min: 1 };
  const streams = parseNumber(flags.streams ?? defaults.streams, '--streams', count);
  const tokens = parseNumber(flags.tokens ?? defaults.tokens, '--tokens', count);
  // Above 0: the default ramp divides by it.
  const tokensPerSecond = parseNumber(flags['tokens-per-second'], '--tokens-per-second', { integer: false, min: 0.01 });
  const rampMs = flags['ramp-ms'] === undefined ? (tokens * 1000) / tokensPerSecond : parseNumber(flags['ramp-ms'], '--ramp-ms', { integer: false, min: 0 });
  const warmup = parseNumber(flags.warmup ?? defaults.warmup, '--warmup', { integer: true, min: 0 });
  const repeats = parseNumber(flags.repeats ?? defaults.repeats, '--repeats', count);
  const memoryProcesses = parseNumber(flags['memory-processes'] ?? defaults.memoryProcesses, '--memory-processes', count);
  if (flags['latency-only'] && flags['memory-only']) throw new RangeError('--latency-only and --memory-only leave nothing to run together; pass one.');
  const sweep = (flags.sweep ?? defaults.sweep).split(',').filter(Boolean).map((level) => parseNumber(level, '--sweep', count));
  const levels = [...new Set([...sweep, streams])].sort((a, b) => a - b);
  return { flags, streams, tokens, tokensPerSecond, rampMs, warmup, repeats, memoryProcesses, levels };
}
