import { expect, test } from 'vitest';
import { cutShort, excerpt, shorten } from './excerpt.js';

test('shorten leaves text of maxLength characters or fewer as it is, and cuts longer text saying how long it was', () => {
  expect(shorten('abc', 3)).toBe('abc');
  expect(shorten('abcd', 3)).toBe('abc… (4 characters in all)');
  expect(shorten('x'.repeat(200))).toBe('x'.repeat(200));
  expect(shorten('x'.repeat(201))).toBe(`${'x'.repeat(200)}… (201 characters in all)`);
});

test('shorten never cuts between the two halves of a pair of surrogates: half of an emoji is no character', () => {
  // Written as UTF-8 (a log file, a terminal), a lone half is U+FFFD; quoted as JSON, it is `\ud83d`.
  const text = `${'x'.repeat(99)}😀${'y'.repeat(50)}`;
  expect(shorten(text, 100)).toBe(`${'x'.repeat(99)}… (151 characters in all)`);
  expect(shorten(text, 101)).toBe(`${'x'.repeat(99)}😀… (151 characters in all)`);
  expect(excerpt(text, 100)).toBe(JSON.stringify(`${'x'.repeat(99)}… (151 characters in all)`));
});

test("excerpt and cutShort write the controls JSON leaves (DEL, C1, U+2028, bidirectional) as escapes, after the cut, which counts the text's own characters", () => {
  const text = `a\u007f\u009b2J\u2028\u202eb\n${'\u001b'.repeat(20)}`;
  expect(excerpt(text, 9)).toBe('"a\\u007f\\u009b2J\\u2028\\u202eb\\n… (29 characters in all)"');
  expect(JSON.parse(excerpt(text, 9))).toBe('a\u007f\u009b2J\u2028\u202eb\n… (29 characters in all)');
  expect(cutShort(text, 10)).toBe('a\\u007f\\u009b2J\\u2028\\u202eb\\n\\u001b… (29 characters in all)');
  expect(cutShort('tab\tstays, é and 😀 too')).toBe('tab\tstays, é and 😀 too');
});
