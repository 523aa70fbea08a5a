// The spellings of each character of a Groq key's `gsk_` that the redaction reads (groqPrefixUnitsWith in
// redact-secrets.ts, with one backslash), written out, in lower case: the letter, its JSON and JavaScript escapes
// (`\u0067`, `\x67`), percent-encoded (`%67`), as decimal and hex entities with up to four zeros (`&#0103;`,
// `&#x67;`), and `_` as a named entity (`&lowbar;`, `&underbar;`); the codes of both cases, as the patterns match
// them case-insensitively. Built here rather than read from the patterns with prefixPattern, which the split-key
// guard loads lazily: the whole-text redaction is on every page, and this costs a tenth of it. A test pins them
// to the patterns (is-groq-prefix-start.test.ts).
const zeros = ['', '0', '00', '000', '0000'];
const spellingsOf = (character: string): string[] => [
  character,
  ...[...new Set([character, character.toUpperCase()])].flatMap((letter) => {
    const code = letter.charCodeAt(0);
    const hex = code.toString(16);
    return [`\\u00${hex}`, `\\x${hex}`, `%${hex}`, ...zeros.flatMap((zero) => [`&#${zero}${code};`, `&#x${zero}${hex};`])];
  }),
  ...(character === '_' ? ['&lowbar;', '&underbar;'] : []),
];
const groqPrefixSpellings = [...'gsk_'].map(spellingsOf);
// The longest spelling of the whole prefix: a longer rest is none of its beginnings, whatever it holds.
const longest = groqPrefixSpellings.reduce((sum, spellings) => sum + Math.max(...spellings.map((spelling) => spelling.length)), 0);

/**
 * Whether what `text` holds from `at` to its end is a beginning of a Groq key's prefix in one of the
 * spellings the redaction reads: `g`, `gsk`, `gsk%5`, `&#103;s`, the whole prefix, or nothing. Case-insensitive.
 */
export function isGroqPrefixStart(text: string, at: number): boolean {
  if (text.length - at > longest) return false;
  const rest = text.slice(at).toLowerCase();
  let from = 0;
  for (const spellings of groqPrefixSpellings) {
    if (from === rest.length) return true;
    // No spelling of a character begins another's, so the one that comes whole is the only one.
    const whole = spellings.find((spelling) => rest.startsWith(spelling, from));
    if (whole === undefined) {
      const left = rest.slice(from);
      return spellings.some((spelling) => spelling.startsWith(left));
    }
    from += whole.length;
  }
  return from === rest.length;
}
