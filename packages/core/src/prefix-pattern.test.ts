import { describe, expect, test } from 'vitest';
import { longestMatch, prefixPattern } from './prefix-pattern.js';

// Every text over a few characters up to a length, each a beginning of a match or not, against what the derived
// pattern says: exactly the beginnings, none missed (the guard would let a key's start through) and none added.
function texts(alphabet: string, length: number): string[] {
  const all = [''];
  for (let size = 1, last = ['']; size <= length; size++) {
    last = last.flatMap((text) => [...alphabet].map((unit) => text + unit));
    for (const text of last) all.push(text);
  }
  return all;
}

describe('prefixPattern', () => {
  test.each([
    ['a{2}b', 'ab', 4],
    ['(?:ab|c)?d', 'abcd', 4],
    ['x[01]{0,2};', 'x01;', 5],
    [String.raw`\\(?:u0|x)[46]7`, '\\ux0467', 5],
    ['&#0{0,1}(?:13|7);', '&#0137;', 6],
    ['(?:a|bc)+d', 'abcd', 5],
    ['a|', 'ab', 2],
  ])('%s', (source, alphabet, length) => {
    const whole = new RegExp(`^(?:${source})$`, 'i');
    const begun = new RegExp(`^(?:${prefixPattern(source)})$`, 'i');
    const all = texts(alphabet, length);
    const beginnings = new Set(all.filter((text) => whole.test(text)).flatMap((text) => [...text].map((_, end) => text.slice(0, end)).concat(text)));
    // Matches up to `length` characters: all of them but for `+`'s, whose beginnings up to two fewer are all found.
    const wrong = texts(alphabet, length - (source.includes('+') ? 2 : 0)).filter((text) => begun.test(text) !== beginnings.has(text));
    expect(wrong).toEqual([]);
    expect(beginnings.size).toBeGreaterThan(1);
  });

  test('longestMatch', () => {
    expect(longestMatch('&#x0{0,4}[46]7;')).toBe(10);
    expect(longestMatch('g|&underbar;')).toBe(10);
    expect(longestMatch('a+')).toBe(Infinity);
  });

  test('what it cannot read throws', () => {
    for (const source of ['(a)', 'a(?=b)', '^a', String.raw`a\b`, String.raw`(?:a)\1`, 'a+?']) expect(() => prefixPattern(source)).toThrow(/prefixPattern reads only/);
  });
});
