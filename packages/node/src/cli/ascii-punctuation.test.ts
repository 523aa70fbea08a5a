import { describe, expect, test } from 'vitest';
import { asciiPunctuation } from './ascii-punctuation.js';

describe('asciiPunctuation', () => {
  test('an ellipsis is three full stops, an en dash a hyphen', () => {
    expect(asciiPunctuation('400 "Bad request xxxx… (1200 characters in all)".')).toBe('400 "Bad request xxxx... (1200 characters in all)".');
    expect(asciiPunctuation("outside HTTP's 100–599.")).toBe("outside HTTP's 100-599.");
    expect(asciiPunctuation('a…b…c')).toBe('a...b...c');
  });

  test("other characters are left as they are: a server's or a model's words", () => {
    expect(asciiPunctuation('café 日本語 🚀 l·l “quoted”')).toBe('café 日本語 🚀 l·l “quoted”');
  });
});
