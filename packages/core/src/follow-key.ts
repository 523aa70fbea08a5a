import { isKeySeparator, knownKeyForms } from './redact-secrets.js';

/** A key as the guard follows it. */
export interface KeyShape {
  length: number;
  /** The characters it may start with. */
  firsts: string;
  /**
   * How many units of `text` from `at` spell its character number `count`: 0 if none does, -1 if `text` ends
   * in what may still become one.
   */
  width: (text: string, at: number, count: number) => number;
  /** From which character on separators may stand between its characters. */
  separatorsFrom: number;
}

// A Groq key, as the redaction knows one even unremembered: `gsk_` (any case, no separator inside, as the
// redaction reads it) and 52 letters and digits. The redaction also reads each character of `gsk_` written
// percent-encoded or as a JSON escape (`%67sk_`, `gsk%5F`, `\u0067sk_`), as an echo of a URL or of a body
// quoted as text writes it: followed only as `gsk_`, such a key reached the browser whole when split.
const groqPrefix = 'gsk_';
const prefixSpellings = [...groqPrefix].map((unit) => {
  const hex = unit.charCodeAt(0).toString(16);
  return [unit, `%${hex}`, `\\u00${hex}`];
});
const alphanumeric = /^[a-z0-9]$/i;

function prefixWidth(text: string, at: number, count: number): number {
  let width = 0;
  for (const spelling of prefixSpellings[count]!) {
    const written = text.slice(at, at + spelling.length).toLowerCase();
    if (written === spelling) return spelling.length;
    if (at + written.length === text.length && spelling.startsWith(written)) width = -1;
  }
  return width;
}

const groqKey: KeyShape = {
  length: groqPrefix.length + 52,
  firsts: 'gG%\\',
  width: (text, at, count) => (count < groqPrefix.length ? prefixWidth(text, at, count) : alphanumeric.test(text[at]!) ? 1 : 0),
  separatorsFrom: groqPrefix.length,
};

/** The keys to follow, and a test for any of their first characters, which most pieces of text fail. */
export interface KeyShapes {
  forms: readonly string[];
  /**
   * The keys by the characters they may start with, in the order they are tried: with 200 remembered
   * credentials (7 forms each at most) a walk over all of them at each position took 110 µs per chunk of the
   * mock's and 2.9 ms per 4 KB piece, 4 and 11 times the redaction of the chunk.
   */
  startingWith: Map<string, KeyShape[]>;
  anyFirst: RegExp;
}
let shapesOf: KeyShapes | undefined;

/** A Groq key's shape and each remembered form, made again only when the remembered keys change. */
export function keyShapes(): KeyShapes {
  const forms = knownKeyForms();
  if (shapesOf?.forms !== forms) {
    const remembered = forms.map((form): KeyShape => ({ length: form.length, firsts: form[0]!, width: (text, at, count) => (text[at] === form[count] ? 1 : 0), separatorsFrom: 1 }));
    const startingWith = new Map<string, KeyShape[]>();
    for (const shape of [groqKey, ...remembered]) for (const unit of shape.firsts) startingWith.set(unit, [...(startingWith.get(unit) ?? []), shape]);
    const firsts = [...startingWith.keys()];
    shapesOf = { forms, startingWith, anyFirst: new RegExp(`[${firsts.map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`) };
  }
  return shapesOf;
}

// How far back from a text's end a key's start is looked for: a key with a few separators between its
// characters fits. What an echo spreads further is let through, as the redaction of one chunk would not
// join it either; and nothing is held back for longer than this.
export const lookBack = 512;

/**
 * How far `text` from `start` follows a key: not at all, to its end (`partial`, with the characters seen and
 * whether all are ASCII letters), or whole (up to `end`).
 */
export type Follow = { kind: 'no' } | { kind: 'partial'; count: number; letters: boolean } | { kind: 'whole'; end: number };
const noKey: Follow = { kind: 'no' };

/** Follows `key` in `text` from `start`, separators skipped between its characters as the redaction skips them. */
export function follow(text: string, start: number, key: KeyShape): Follow {
  let count = 0;
  let letters = true;
  // A key spread over more than `lookBack` characters is let through. The window bounds that for a key that
  // starts in it, not for one whose start already went out: followed however far it went, its separators were
  // held without end and each piece cost as much as all before it.
  const end = Math.min(text.length, start + lookBack);
  for (let at = start; at < end; ) {
    const unit = text[at]!;
    if (count >= key.separatorsFrom) {
      if (isKeySeparator(unit)) {
        at += 1;
        continue;
      }
      if (unit === '\\') {
        const next = text[at + 1];
        // A backslash last may begin a written-out `\n` that the next piece ends.
        if (next === undefined) return { kind: 'partial', count, letters };
        if (next === 'n' || next === 'r' || next === 't') {
          at += 2;
          continue;
        }
      }
    }
    const width = key.width(text, at, count);
    if (width === 0) return noKey;
    if (width < 0) return { kind: 'partial', count, letters: false };
    const lower = unit.charCodeAt(0) | 0x20;
    // An escape (`%5F`) is no letter.
    letters &&= width === 1 && lower >= 0x61 && lower <= 0x7a;
    count += 1;
    at += width;
    if (count === key.length) return { kind: 'whole', end: at };
  }
  return end < text.length ? noKey : { kind: 'partial', count, letters };
}
