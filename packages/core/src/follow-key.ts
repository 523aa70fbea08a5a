import { longestMatch, prefixPattern } from './prefix-pattern.js';
import { escapedAlphanumeric, groqPrefixUnits, isKeySeparator } from './redact-secrets.js';

// The guard follows public shapes of key after `gsk_`, and never the keys this process remembers. What it
// holds back shows in the chunks a browser gets, so a hold that depended on a remembered key would answer, for
// any text a prompt makes the model write, whether it begins that key: `Z3NrX1` + each of 64 characters, and
// the one held back is the next of the key's base64 form, one character after another (measured on the first
// version, which followed each remembered form). A shape is public: every text that has it is held alike.
//
// A key's `gsk_` may have any case, and each of its characters written percent-encoded or as a JSON escape
// (`%67sk_`, `gsk%5F`, `\u0067sk_`), a JavaScript hex escape (`gsk\x5f`) or an HTML entity (`&#103;sk_`,
// `gsk&#x05f;`, `gsk&lowbar;`); and each of a Groq key's letters and digits after it so (`&#65;`, `%41`,
// `\u0041`): the patterns are the redaction's own, so that the guard reads a key split over chunks as the
// redaction reads it in one, in an echo of a URL, of a body quoted as text or of a page.
const groqPrefix = 'gsk_';
const groqKeyLength = groqPrefix.length + 52;
// Each spelling, with what may still become one when a text ends in it (`&#10` of `&#103;`) read from the same
// pattern (see prefixPattern): a list of such beginnings written by hand beside the redaction's patterns would drift
// from them, and a spelling the redaction learnt that the guard did not hold back would go out in two pieces.
interface Spelling {
  whole: RegExp;
  begun: RegExp;
  /** The most characters it has: a text's end as long is no beginning of it, or it would have matched whole. */
  longest: number;
}

function spellingOf(source: string): Spelling {
  return { whole: new RegExp(source, 'iy'), begun: new RegExp(`^(?:${prefixPattern(source)})$`, 'i'), longest: longestMatch(source) };
}

const prefixUnits = groqPrefixUnits.map(spellingOf);
const escapedUnit = spellingOf(escapedAlphanumeric);
const alphanumeric = /^[a-z0-9]$/i;

/** A shape of key after `gsk_`, public: what decides is the kind of each character, never a remembered key. */
export interface KeyShape {
  /** Characters in all, `gsk_` included. */
  length: number;
  /** Whether `unit` may be one of its characters after `gsk_`. */
  takes: (unit: string) => boolean;
  /** Whether its letters and digits may be written escaped, as the redaction reads them (`&#65;`, `%41`, `\u0041`). */
  escapes: boolean;
  /** Whether separators may stand between its characters. */
  separators: boolean;
  /** Whether a character it does not take ends it (`whole`), rather than show it is none. */
  endsAtBreak: boolean;
}

/** A Groq key: `gsk_` and 52 letters and digits, separators allowed between them. */
export const groqKeyShape: KeyShape = { length: groqKeyLength, takes: (unit) => alphanumeric.test(unit), escapes: true, separators: true, endsAtBreak: false };

// A key of another shape after `gsk_` (a test's `gsk_test_secret_key_1`, a gateway's): one word of letters,
// digits, `_` and `-`, up to its first other character. The redaction of the chunk then decides whether the
// word is a key (a remembered one, whole); the guard only keeps its pieces together. Its letters and digits may be
// escaped as a Groq key's: ended at `gsk_` and 20 of them before an `&#57;`, a word the redaction takes for a key
// was redacted up to the entity, and the rest of a Groq key went out after it.
const tokenUnit = /^[a-z0-9_-]$/i;
export const keyWordShape: KeyShape = { length: 128, takes: (unit) => tokenUnit.test(unit), escapes: true, separators: false, endsAtBreak: true };

/** The characters a key may start with (`g`, or an escape or an entity of it). */
export const keyFirsts = 'gG%\\&';
/**
 * Whether a text holds any of {@link keyFirsts} where a key may start (an `&` only before a `#`, or last): most
 * pieces of an answer do not, and a `&` in prose or code (`R&D`, `&&`, `&amp;`) is passed on as quickly.
 */
export const mayStartKey = /[gG%\\]|&(?:#|$)/;
/** How many characters of a key make an end that is held back: its whole prefix, `gsk_`. */
export const keyPrefixLength = groqPrefix.length;

// How far back from a text's end a key's start is looked for: a key with a few separators between its
// characters fits. What an echo spreads further is let through, as the redaction of one chunk would not
// join it either; and nothing is held back for longer than this.
export const lookBack = 512;

/**
 * How far `text` from `start` follows a key: not at all, to its end (`partial`, with the characters seen), or
 * whole (up to `end`).
 */
export type Follow = { kind: 'no' } | { kind: 'partial'; count: number } | { kind: 'whole'; end: number };
const noKey: Follow = { kind: 'no' };

/** How many units of `text` from `at` `spelling` takes: 0 if it takes none, -1 if `text` ends in what may still become one. */
function widthOf({ whole, begun, longest }: Spelling, text: string, at: number): number {
  whole.lastIndex = at;
  if (whole.test(text)) return whole.lastIndex - at;
  return text.length - at < longest && begun.test(text.slice(at)) ? -1 : 0;
}

/** Follows `shape` in `text` from `start`, separators skipped between its characters as the redaction skips them. */
export function follow(text: string, start: number, shape: KeyShape): Follow {
  let count = 0;
  // A key spread over more than `lookBack` characters is let through. The window bounds that for a key that
  // starts in it, not for one whose start already went out: followed however far it went, its separators were
  // held without end and each piece cost as much as all before it.
  const end = Math.min(text.length, start + lookBack);
  for (let at = start; at < end; ) {
    const unit = text[at]!;
    if (count > 0 && (shape.separators || count < groqPrefix.length)) {
      if (isKeySeparator(unit)) {
        at += 1;
        continue;
      }
      if (unit === '\\') {
        const next = text[at + 1];
        // A backslash last may begin a written-out `\n` that the next piece ends.
        if (next === undefined) return { kind: 'partial', count };
        if (next === 'n' || next === 'r' || next === 't') {
          at += 2;
          continue;
        }
      }
    }
    const width = count < groqPrefix.length ? widthOf(prefixUnits[count]!, text, at) : shape.takes(unit) ? 1 : shape.escapes ? widthOf(escapedUnit, text, at) : 0;
    if (width === 0) return shape.endsAtBreak && count > groqPrefix.length ? { kind: 'whole', end: at } : noKey;
    if (width < 0) return { kind: 'partial', count };
    count += 1;
    at += width;
    if (count === shape.length) return { kind: 'whole', end: at };
  }
  return end < text.length ? noKey : { kind: 'partial', count };
}
