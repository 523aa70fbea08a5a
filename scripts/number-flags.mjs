// Numbers from flags and variables, read as groq-stream's own CLI reads its flags
// (packages/node/src/cli/parse-cli-arguments.ts): decimal notation only, one range message. One copy for the
// repository's own scripts (soak, the Express demo's bench, the Next demo's start script); the published
// packages keep theirs.

/** Digits with an optional sign, point and fraction: `Number()` would also take '', '0x10', '1e3' or '0b1'. */
const decimal = /^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/;

/**
 * `text` (the value of a flag or a variable) as a number in decimal notation within `rule`.
 *
 * @param {string} text
 * @param {string} name the flag or variable, for the message: `--streams`, `PORT`
 * @param {{ integer: boolean, min: number, max?: number, unit?: string }} rule `max` none when omitted;
 *   `unit` what the number counts, for the message (`minutes`)
 * @returns {number}
 * @throws {RangeError} naming `name`, its whole range and `text`, whether the value is no number, not in
 *   decimal notation, no integer or out of range: `--streams must be an integer of at least 1, got "1e3".`
 */
export function parseNumber(text, name, rule) {
  const value = decimal.test(text) ? Number(text) : Number.NaN;
  const outOfRange = value < rule.min || (rule.max !== undefined && value > rule.max);
  if (!Number.isFinite(value) || outOfRange || (rule.integer && !Number.isSafeInteger(value))) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const bound = rule.max === undefined ? `of at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    throw new RangeError(`${name} must be ${kind} ${bound}${rule.unit === undefined ? '' : ` ${rule.unit}`}, got ${JSON.stringify(text)}.`);
  }
  return value;
}

/**
 * `argv` with each negative number given as its own argument after one of `flags` (`--streams -1`) attached to
 * it (`--streams=-1`). `parseArgs` reads a value starting with `-` as an option and refuses it as "ambiguous",
 * a message about its own parsing, which the flag's range check then never gets to word. Arguments after
 * `--` are left as they are.
 *
 * @param {readonly string[]} argv
 * @param {readonly string[]} flags
 * @returns {string[]}
 */
export function attachNegativeNumbers(argv, flags) {
  const result = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
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
