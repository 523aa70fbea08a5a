// Characters tried for a character class or escape that names no character of its own (`\d`, `\p{…}`,
// `[^A-Z]`), in two orders: a pattern such as zod's emoji one (digits are emoji components, but the
// lookahead wants a pictograph) matches only when the pictograph is tried first.
const POOLS = [
  ['a', 'A', '0', '_', '-', '.', ' ', 'x', '@', '+', '/', '=', ':', '#', 'é', '🎉'],
  ['🎉', 'a', 'A', '0', '_', '-', '.', ' ', 'x', '@', '+', '/', '=', ':', '#', 'é'],
];
// Longest string built: a pattern that asks for more (`a{1000000}`) keeps the text instead.
const MAX_LENGTH = 10_000;
// The escapes that stand for a set of characters, not for one.
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'p', 'P']);

/**
 * A string that matches the JSON Schema `pattern` (an ECMA-262 regex, unanchored), within the length
 * bounds: the first candidate that does, else one built from the regex (each quantifier at its least,
 * the first alternative, the first character of a class). Undefined when the pattern is not a valid
 * regex or uses what the builder does not follow (backreferences), so that the caller keeps its value.
 */
export function createPatternExample(pattern: string, candidates: string[], minLength = 0, maxLength = Infinity): string | undefined {
  const regex = compile(pattern);
  if (regex === undefined) return undefined;
  const fits = (value: string): boolean => {
    const length = Array.from(value).length;
    return length >= minLength && length <= maxLength && regex.test(value);
  };
  const found = candidates.find(fits);
  if (found !== undefined) return found;
  // Each quantifier at its least, then (for a minLength) as near minLength times as it allows; lookaheads
  // skipped, then written out (a password's `(?=.*\d)(?=.*[A-Z]).{8,}` needs a digit and a capital).
  for (const lookaheads of [false, true]) {
    for (const repeat of minLength > 0 ? [0, minLength] : [0]) {
      for (const pool of POOLS) {
        const built = build(pattern, regex.flags, { pool, repeat, lookaheads });
        if (built !== undefined && fits(built)) return built;
      }
    }
  }
  return undefined;
}

// With the `u` flag, as JSON Schema validators compile patterns (`\p{…}` needs it); without, for the
// patterns that are valid only without it (`\-` outside a class).
function compile(source: string, flags = ['u', '']): RegExp | undefined {
  for (const flag of flags) {
    try {
      return new RegExp(source, flag);
    } catch {
      // Try the next flags.
    }
  }
  return undefined;
}

/** How {@link build} chooses: characters to try, how often unbounded items repeat, lookaheads written out or not. */
interface BuildStrategy {
  pool: string[];
  repeat: number;
  lookaheads: boolean;
}

/** Builds a match of `pattern` from its syntax; undefined for what it does not follow. */
function build(pattern: string, flags: string, { pool, repeat, lookaheads }: BuildStrategy): string | undefined {
  let at = 0;
  let length = 0;
  const fail = (): never => {
    throw new RangeError('unsupported');
  };
  const atom = (source: string, own: string | undefined): string => {
    const regex = compile(`^(?:${source})$`, [flags]) ?? fail();
    const char = [own, ...pool].find((candidate) => candidate !== undefined && regex.test(candidate));
    return char ?? fail();
  };
  // A sequence of items up to `)` or the end, with `|` alternatives: the first alternative is kept.
  const alternation = (): string => {
    const first = sequence();
    while (pattern[at] === '|') {
      at += 1;
      sequence();
    }
    return first;
  };
  const sequence = (): string => {
    let text = '';
    while (at < pattern.length && pattern[at] !== '|' && pattern[at] !== ')') {
      const item = single();
      const times = quantifier();
      length += item.length * times;
      if (length > MAX_LENGTH) fail();
      text += item.repeat(times);
    }
    return text;
  };
  const single = (): string => {
    const char = pattern[at]!;
    if (char === '^' || char === '$') {
      at += 1;
      return '';
    }
    if (char === '(') {
      const lookaround = /^\(\?<?[=!]/.exec(pattern.slice(at));
      at += lookaround?.[0].length ?? /^\((\?:|\?<[A-Za-z_$][\w$]*>)?/.exec(pattern.slice(at))![0].length;
      const inner = alternation();
      if (pattern[at] !== ')') fail();
      at += 1;
      return lookaround === null || (lookaheads && lookaround[0] === '(?=') ? inner : '';
    }
    if (char === '[') {
      const end = classEnd(pattern, at);
      const source = pattern.slice(at, end);
      at = end;
      return atom(source, source[1] === '^' ? undefined : ownChar(source.slice(1)));
    }
    if (char === '\\') {
      const escape = /^\\(?:[pP]\{[^}]*\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])/.exec(pattern.slice(at))![0];
      at += escape.length;
      if (escape === '\\b' || escape === '\\B') return '';
      if (/^\\[1-9k]/.test(escape)) fail();
      return atom(escape, CLASS_ESCAPES.has(escape[1]!) ? undefined : ownChar(escape));
    }
    at += char.length;
    return char === '.' ? atom('.', undefined) : atom(escapeLiteral(char), char);
  };
  // How many times the item before occurs: its least, or `repeat` times when it allows that many.
  const quantifier = (): number => {
    const match = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(at));
    if (match === null) return 1;
    at += match[0].length;
    const [least, most] =
      match[1] === undefined
        ? [match[0][0] === '+' ? 1 : 0, match[0][0] === '?' ? 1 : Infinity]
        : [Number(match[1]), match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3])];
    return Math.max(least, Math.min(repeat, most));
  };
  try {
    const text = alternation();
    return at === pattern.length ? text : undefined;
  } catch {
    return undefined;
  }
}

// Where the class that starts at `start` (`[`) ends, after its `]`. A `]` right after `[` or `[^` ends it
// too: in JavaScript `[]` is an empty class and `[^]` any character, not the start of a class holding `]`.
function classEnd(pattern: string, start: number): number {
  let at = start + 1;
  if (pattern[at] === '^') at += 1;
  while (at < pattern.length && pattern[at] !== ']') at += pattern[at] === '\\' ? 2 : 1;
  return at + 1;
}

// The character that a class (from its first member) or an escape names, when it names one.
function ownChar(source: string): string | undefined {
  if (source.startsWith('\\')) {
    const escape = source[1];
    if (escape === undefined || CLASS_ESCAPES.has(escape)) return undefined;
    const code = /^\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/.exec(source);
    if (code !== null) return String.fromCodePoint(Number.parseInt(code[1] ?? code[2] ?? code[3]!, 16));
    if (escape === 'c' && /^[A-Za-z]$/.test(source[2] ?? '')) return String.fromCharCode(source.charCodeAt(2) % 32);
    return escape;
  }
  return Array.from(source)[0];
}

function escapeLiteral(char: string): string {
  return char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
