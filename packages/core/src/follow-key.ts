import { isKeySeparator, knownKeyForms } from './redact-secrets.js';

/** A key as the guard follows it. */
export interface KeyShape {
  length: number;
  /** The characters it may start with. */
  firsts: string;
  /** Whether `unit` may be its character number `count`. */
  matches: (unit: string, count: number) => boolean;
  /** From which character on separators may stand between its characters. */
  separatorsFrom: number;
}

// A Groq key, as the redaction knows one even unremembered: `gsk_` (any case, no separator inside, as the
// redaction reads it) and 52 letters and digits.
const groqPrefix = 'gsk_';
const alphanumeric = /^[a-z0-9]$/i;
const groqKey: KeyShape = {
  length: groqPrefix.length + 52,
  firsts: 'gG',
  matches: (unit, count) => (count < groqPrefix.length ? unit.toLowerCase() === groqPrefix[count] : alphanumeric.test(unit)),
  separatorsFrom: groqPrefix.length,
};

/** The keys to follow, and a test for any of their first characters, which most pieces of text fail. */
export interface KeyShapes {
  forms: readonly string[];
  shapes: KeyShape[];
  anyFirst: RegExp;
}
let shapesOf: KeyShapes | undefined;

/** A Groq key's shape and each remembered form, made again only when the remembered keys change. */
export function keyShapes(): KeyShapes {
  const forms = knownKeyForms();
  if (shapesOf?.forms !== forms) {
    const remembered = forms.map((form): KeyShape => ({ length: form.length, firsts: form[0]!, matches: (unit, count) => unit === form[count], separatorsFrom: 1 }));
    const shapes = [groqKey, ...remembered];
    const firsts = [...new Set(shapes.flatMap((shape) => [...shape.firsts]))];
    shapesOf = { forms, shapes, anyFirst: new RegExp(`[${firsts.map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`) };
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
    if (!key.matches(unit, count)) return noKey;
    const lower = unit.charCodeAt(0) | 0x20;
    letters &&= lower >= 0x61 && lower <= 0x7a;
    count += 1;
    at += 1;
    if (count === key.length) return { kind: 'whole', end: at };
  }
  return end < text.length ? noKey : { kind: 'partial', count, letters };
}
