import { describe, expect, test } from 'vitest';
import { isBlankPrompt } from './is-blank-prompt';

describe('isBlankPrompt', () => {
  test('white space and invisible characters alone are blank, as the relays judge them', () => {
    for (const text of ['', ' \n', '\u200b', '\u200c\u200d', ' \u2060 ', '\ufeff\t\u200b']) expect(isBlankPrompt(text), JSON.stringify(text)).toBe(true);
  });

  test('any visible character is not, with or without invisible ones around it', () => {
    for (const text of ['Hi', '\u200bHi\u200d', '\u{1F468}\u200d\u{1F469}', '.']) expect(isBlankPrompt(text), JSON.stringify(text)).toBe(false);
  });
});
