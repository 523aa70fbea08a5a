// What a text may still become when it ends, read from a pattern itself: the split-key guard holds back the end of
// a chunk that may be the start of a spelling the redaction reads (`&#10` of `&#103;`), and a list of such starts
// written by hand beside the redaction's patterns would drift from them. Only the part of the syntax that the
// redaction's spellings use: characters, escapes, classes, groups `(?:…)`, alternatives and quantifiers. Anything
// else (an assertion, a lookaround, a capture, a backreference) throws when the module loads, rather than being read
// wrongly.

/** A pattern read into its parts: alternatives of sequences of quantified atoms. */
type Alternatives = Sequence[];
type Sequence = Quantified[];
interface Quantified {
  atom: Atom;
  min: number;
  max: number;
}
type Atom = { unit: string } | { group: Alternatives };

/**
 * A pattern's source that matches exactly the beginnings of what `source` matches: every prefix, from the empty one
 * to a whole match. Use it with the same flags, anchored (`^(?:…)$`).
 */
export function prefixPattern(source: string): string {
  return prefixesOfAlternatives(new Reader(source).whole());
}

/** The most characters a match of `source` can have (Infinity for a pattern with `*`, `+` or `{m,}`). */
export function longestMatch(source: string): number {
  return longestOfAlternatives(new Reader(source).whole());
}

class Reader {
  #at = 0;

  constructor(private readonly source: string) {}

  whole(): Alternatives {
    const read = this.#alternatives();
    if (this.#at !== this.source.length) this.#fail();
    return read;
  }

  #alternatives(): Alternatives {
    const alternatives = [this.#sequence()];
    while (this.source[this.#at] === '|') {
      this.#at++;
      alternatives.push(this.#sequence());
    }
    return alternatives;
  }

  #sequence(): Sequence {
    const sequence: Sequence = [];
    while (this.#at < this.source.length && this.source[this.#at] !== '|' && this.source[this.#at] !== ')') {
      const atom = this.#atom();
      sequence.push({ atom, ...this.#quantifier() });
    }
    return sequence;
  }

  #atom(): Atom {
    const { source } = this;
    const unit = source[this.#at]!;
    if (unit === '(') {
      if (!source.startsWith('(?:', this.#at)) this.#fail();
      this.#at += 3;
      const group = this.#alternatives();
      if (source[this.#at] !== ')') this.#fail();
      this.#at++;
      return { group };
    }
    if (unit === '[') {
      const end = /^\[\^?\]?(?:[^\]\\]|\\.)*\]/.exec(source.slice(this.#at))?.[0];
      if (end === undefined) this.#fail();
      this.#at += end.length;
      return { unit: end };
    }
    if (unit === '\\') {
      const escape = /^\\(?:u[0-9a-f]{4}|x[0-9a-f]{2}|[^\dbBkpPcux])/i.exec(source.slice(this.#at))?.[0];
      if (escape === undefined) this.#fail();
      this.#at += escape.length;
      return { unit: escape };
    }
    if ('^$*+?{}'.includes(unit)) this.#fail();
    this.#at++;
    return { unit };
  }

  /** The repetitions the quantifier after an atom allows (one with none). */
  #quantifier(): { min: number; max: number } {
    const quantifier = /^(?:[?*+]|\{(\d+)(,(\d*))?\})/.exec(this.source.slice(this.#at));
    if (quantifier === null) return { min: 1, max: 1 };
    this.#at += quantifier[0].length;
    // A lazy quantifier matches the same texts, but is no part of the redaction's spellings: read no further.
    if (this.source[this.#at] === '?') this.#fail();
    const [written, least, comma, most] = quantifier;
    if (written === '?') return { min: 0, max: 1 };
    if (written === '*') return { min: 0, max: Infinity };
    if (written === '+') return { min: 1, max: Infinity };
    const min = Number(least);
    if (comma === undefined) return { min, max: min };
    return { min, max: most === '' ? Infinity : Number(most) };
  }

  #fail(): never {
    throw new Error(`prefixPattern reads only characters, escapes, classes, (?:…) groups, | and quantifiers; not ${JSON.stringify(this.source)} at ${this.#at}.`);
  }
}

// A whole match of each part, as written (its least repetitions kept), and the beginnings of one.
const wholeOfAlternatives = (alternatives: Alternatives): string => `(?:${alternatives.map(wholeOfSequence).join('|')})`;
const wholeOfSequence = (sequence: Sequence): string => sequence.map(wholeOfQuantified).join('');
const wholeOfAtom = (atom: Atom): string => ('unit' in atom ? atom.unit : wholeOfAlternatives(atom.group));
const repeat = (min: number, max: number): string => `{${min},${max === Infinity ? '' : max}}`;

function wholeOfQuantified({ atom, min, max }: Quantified): string {
  return min === 1 && max === 1 ? wholeOfAtom(atom) : `(?:${wholeOfAtom(atom)})${repeat(min, max)}`;
}

const prefixesOfAlternatives = (alternatives: Alternatives): string => `(?:${alternatives.map(prefixesOfSequence).join('|')})`;

/** A sequence's beginnings: a whole first part and a beginning of the rest, or a beginning of the first part. */
function prefixesOfSequence(sequence: Sequence): string {
  if (sequence.length === 0) return '';
  const [first, ...rest] = sequence as [Quantified, ...Quantified[]];
  return `(?:${wholeOfQuantified(first)}${prefixesOfSequence(rest)}|${prefixesOfQuantified(first)})`;
}

/** `atom` repeated up to `max` times: up to `max - 1` whole ones, then a beginning of another (or nothing). */
function prefixesOfQuantified({ atom, max }: Quantified): string {
  if (max === 0) return '';
  const beginning = 'unit' in atom ? `(?:${atom.unit})?` : prefixesOfAlternatives(atom.group);
  return max === 1 ? beginning : `(?:${wholeOfAtom(atom)})${repeat(0, max - 1)}${beginning}`;
}

const longestOfAlternatives = (alternatives: Alternatives): number => Math.max(...alternatives.map(longestOfSequence));
const longestOfSequence = (sequence: Sequence): number => sequence.reduce((length, { atom, max }) => length + max * ('unit' in atom ? 1 : longestOfAlternatives(atom.group)), 0);
