import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isGroqPrefixStart } from './is-groq-prefix-start.js';
import { prefixPattern } from './prefix-pattern.js';
import { groqPrefixWith } from './redact-secrets.js';

// The redaction's own reading of what may begin its prefix, as the split-key guard reads it: what
// isGroqPrefixStart's spellings, written out, must agree with.
const groqPrefix = groqPrefixWith('\\\\');
const begun = new RegExp(`^(?:${prefixPattern(groqPrefix)})$`, 'i');
const isBegun = (text: string): boolean => begun.test(text);

// Each character's spellings as the pattern writes them, drawn at random: both cases, and the zeros of entities.
const hexCase = fc.constantFrom((text: string) => text, (text: string) => text.toUpperCase());
const zeros = fc.integer({ min: 0, max: 4 }).map((count) => '0'.repeat(count));
const spellingOf = (character: string): fc.Arbitrary<string> => {
  const codes = [...new Set([character.toLowerCase(), character.toUpperCase()])].map((letter) => letter.charCodeAt(0));
  const code = fc.constantFrom(...codes);
  return fc.oneof(
    fc.constantFrom(character, character.toUpperCase(), ...(character === '_' ? ['&lowbar;', '&UnderBar;', '&LOWBAR;'] : [])),
    fc.tuple(code, fc.constantFrom('\\u00', '\\x', '%', '\\U00', '\\X'), hexCase).map(([value, lead, cased]) => cased(lead + value.toString(16))),
    fc.tuple(code, zeros).map(([value, zero]) => `&#${zero}${value};`),
    fc.tuple(code, zeros, fc.constantFrom('x', 'X'), hexCase).map(([value, zero, x, cased]) => `&#${x}${zero}${cased(value.toString(16))};`),
  );
};
const wholePrefix = fc.tuple(...[...'gsk_'].map(spellingOf)).map((units) => units.join(''));

describe('isGroqPrefixStart', () => {
  test('takes every beginning of every spelling of gsk_ that the pattern takes, the whole one and none too', () => {
    fc.assert(
      fc.property(wholePrefix, fc.nat(), (whole, cut) => {
        const rest = whole.slice(0, cut % (whole.length + 1));
        expect(isBegun(rest)).toBe(true);
        expect(isGroqPrefixStart(`a key ${rest}`, 'a key '.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with the pattern on text that is not quite a spelling', () => {
    // Characters of the spellings and their neighbours, so that near misses are common.
    const character = fc.constantFrom(...'gGsSkK_\\uUxX0123456789aAbBfF%&#;lowrndeLOWRNDE- ');
    const mangled = fc.tuple(wholePrefix, fc.nat(), fc.array(character, { maxLength: 3 }), fc.nat()).map(([whole, at, inserted, cut]) => {
      const split = at % (whole.length + 1);
      const text = whole.slice(0, split) + inserted.join('') + whole.slice(split);
      return text.slice(0, cut % (text.length + 1));
    });
    fc.assert(
      fc.property(fc.oneof(mangled, fc.array(character, { maxLength: 44 }).map((characters) => characters.join(''))), (rest) => {
        expect(isGroqPrefixStart(rest, 0)).toBe(isBegun(rest));
      }),
      { numRuns: 5000 },
    );
  });

  test('looks no further than the longest spelling: a longer rest is no beginning', () => {
    const longestWhole = '&#x000067;&#x000073;&#x00006b;&underbar;';
    expect(isBegun(longestWhole)).toBe(true);
    expect(isGroqPrefixStart(longestWhole, 0)).toBe(true);
    expect(isGroqPrefixStart(`${longestWhole}x`, 0)).toBe(false);
    expect(isGroqPrefixStart(`x${'g'.repeat(100_000)}`, 1)).toBe(false);
  });
});
