import { describe, expect, test } from 'vitest';
import { asciiPunctuation, punctuationForTerminal } from './ascii-punctuation.js';

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

describe('punctuationForTerminal', () => {
  test('asciiPunctuation where the terminal does not draw Unicode, the text as it is where it does', () => {
    const text = 'Bad xxxx… (1200 characters in all), 100–599, café';
    expect(punctuationForTerminal({ LANG: 'C' })(text)).toBe('Bad xxxx... (1200 characters in all), 100-599, café');
    expect(punctuationForTerminal({ TERM: 'linux', LANG: 'en_US.UTF-8' })(text)).toBe(asciiPunctuation(text));
    expect(punctuationForTerminal({ LANG: 'en_US.UTF-8' })(text)).toBe(text);
    expect(punctuationForTerminal({})(text)).toBe(text);
  });
});
