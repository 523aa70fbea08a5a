/**
 * `argv` with each negative number given as its own argument after one of `flags` (`--timeout -1`) attached to
 * it (`--timeout=-1`). `parseArgs` reads a value starting with `-` as an option and refuses it as "ambiguous",
 * a message about its own parsing, which the option's range check then never gets to word. Arguments after
 * `--` are left as they are.
 *
 * Kept the same as the mock's (packages/mock-server/src/attach-negative-numbers.ts) and the repository
 * scripts' (scripts/number-flags.mjs): a fix to one goes into all three. Not shared, as the mock has no runtime
 * dependency, and core's public API is no place for a command's argument parsing.
 */
export function attachNegativeNumbers(argv: readonly string[], flags: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--') return [...result, ...argv.slice(index)];
    const next = argv[index + 1];
    if (flags.includes(argument) && next !== undefined && /^-(?:\d|\.\d)/.test(next)) {
      result.push(`${argument}=${next}`);
      index += 1;
    } else {
      result.push(argument);
    }
  }
  return result;
}
