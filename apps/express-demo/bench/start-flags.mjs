// The Node flags of this app's `start` script, which the benchmarks give every relay they start, so that a
// relay is measured as `pnpm start` serves it.
import { readFileSync } from 'node:fs';

/**
 * The `--` flags of the `start` script in the package.json at `packageJsonPath` (those before the script's
 * path and after it alike), in order.
 *
 * @param {string | URL} packageJsonPath
 * @returns {string[]}
 * @throws {Error} when the package.json has no `start` script: a benchmark would otherwise measure a relay
 *   without the flags it is served with, and say nothing.
 */
export function startFlags(packageJsonPath) {
  const start = JSON.parse(readFileSync(packageJsonPath, 'utf8')).scripts?.start;
  if (typeof start !== 'string') throw new Error(`${packageJsonPath} has no start script, whose Node flags the benchmark runs the relay with.`);
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}
