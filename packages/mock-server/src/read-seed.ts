// OpenAI's API reference gives `seed` the int64 range, and a Python client may send any such integer.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A request's `seed` as the exact integer sent, or the message of the 400 it deserves: an integer in the int64
 * range, whose echo in `x_groq.seed` has the digits sent. Past 2^53 a JSON number no longer reads as the integer
 * it writes (9007199254740993 reads as ...992, 2^63 - 1 as 2^63), so the digits are read from `text`, the body
 * as it came, and the seed is a `bigint`; below, the parsed number is exact and stays a `number`.
 *
 * @param value - the parsed body's `seed`.
 * @param text - the body's JSON text, whose top-level `seed` member `value` was read from.
 */
export function readSeed(value: unknown, text: string): { seed: number | bigint | undefined } | string {
  if (value === undefined || value === null) return { seed: undefined };
  if (typeof value !== 'number' || !Number.isInteger(value)) return "'seed' : value must be an integer";
  if (Number.isSafeInteger(value)) return { seed: value };
  // A number read as more than 2^63 was written above 2^63 + 1024 (it would have read as 2^63 otherwise):
  // refused without reading its digits, which may then be an exponent of hundreds.
  const exact = Math.abs(value) <= 2 ** 63 ? exactInteger(topLevelNumberText(text, 'seed')) : BigInt(value);
  if (exact === undefined) return "'seed' : value must be an integer";
  if (exact < INT64_MIN) return `'seed' : number must be at least ${INT64_MIN}`;
  if (exact > INT64_MAX) return `'seed' : number must be at most ${INT64_MAX}`;
  return { seed: exact };
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The text of the number that is the value of the last top-level member `key` of the JSON object `text` (the
 * one `JSON.parse` keeps), or undefined. Keys are told from string values by the `:` after them, and strings
 * are skipped whole, so a `"seed":1` inside a message's text is not taken for the member.
 */
function topLevelNumberText(text: string, key: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
    else if (char === '"') {
      const end = endOfString(text, index);
      const colon = skipWhiteSpace(text, end + 1);
      if (depth === 1 && text[colon] === ':' && JSON.parse(text.slice(index, end + 1)) === key) {
        JSON_NUMBER.lastIndex = skipWhiteSpace(text, colon + 1);
        found = JSON_NUMBER.exec(text)?.[0];
      }
      index = end;
    }
  }
  return found;
}

// The index of the quote that closes the string opened at `start`.
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index;
}

function skipWhiteSpace(text: string, start: number): number {
  let index = start;
  while (text[index] === ' ' || text[index] === '\n' || text[index] === '\r' || text[index] === '\t') index += 1;
  return index;
}

/** The value of a JSON number's text as a `bigint` when it is an integer (`9.2e18` is one), else undefined. */
function exactInteger(number: string | undefined): bigint | undefined {
  const parts = number === undefined ? null : /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number);
  if (parts === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const digits = `${whole}${fraction}`;
  const shift = Number(exponent) - fraction.length;
  if (shift >= 0) return BigInt(`${sign}${digits}`) * 10n ** BigInt(shift);
  // Digits after the point that are not all zeros: not an integer.
  const kept = digits.length + shift;
  if (!/^0*$/.test(digits.slice(Math.max(kept, 0)))) return undefined;
  return BigInt(`${sign}${digits.slice(0, Math.max(kept, 0)) || '0'}`);
}
