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

test("excerpt and cutShort write the controls JSON leaves (DEL, C1, U+2028, bidirectional) as escapes, after the cut, whose count is of the text's own characters", () => {
  const text = `a\u007f\u009b2J\u2028\u202eb\n${'\u001b'.repeat(20)}`;
  // 30 characters as written before the ESCs, then 6 for each.
  expect(excerpt(text, 41)).toBe('"a\\u007f\\u009b2J\\u2028\\u202eb\\n\\u001b… (29 characters in all)"');
  expect(JSON.parse(excerpt(text, 41))).toBe('a\u007f\u009b2J\u2028\u202eb\n\u001b… (29 characters in all)');
  expect(cutShort(text, 42)).toBe('a\\u007f\\u009b2J\\u2028\\u202eb\\n\\u001b\\u001b… (29 characters in all)');
  expect(cutShort('tab\tstays, é and 😀 too')).toBe('tab\tstays, é and 😀 too');
});

test("cutShort and excerpt cut where what they write reaches maxLength, escapes counted: a server's controls cannot make a quote 6 times as long", () => {
  // Each ESC is written as 6 characters (`\u001b`): 2 + 3 × 6 = 20.
  const text = `ab${'\u001b'.repeat(500)}`;
  expect(cutShort(text, 20)).toBe(`ab${'\\u001b'.repeat(3)}… (502 characters in all)`);
  expect(excerpt(text, 20)).toBe(`"ab${'\\u001b'.repeat(3)}… (502 characters in all)"`);
  // Fewer characters than maxLength, more once escaped: cut too, the count still of the characters sent.
  expect(cutShort('\u202e'.repeat(10), 20)).toBe(`${'\\u202e'.repeat(3)}… (10 characters in all)`);
  // What JSON escapes counts as it writes it: a quote or a backslash as 2 characters, a tab as `\t`.
  expect(excerpt(`"${'\\'.repeat(30)}`, 10)).toBe(`"\\"${'\\\\'.repeat(4)}… (31 characters in all)"`);
  expect(excerpt('\t'.repeat(30), 10)).toBe(`"${'\\t'.repeat(5)}… (30 characters in all)"`);
  // Just fitting: not cut.
  expect(cutShort(`a\n${'b'.repeat(17)}`, 20)).toBe(`a\\n${'b'.repeat(17)}`);
  expect(cutShort(`a\n${'b'.repeat(18)}`, 20)).toBe(`a\\n${'b'.repeat(17)}… (20 characters in all)`);
});

test('the cut counted with escapes still keeps a pair of surrogates whole, and text with nothing to escape is cut where it was', () => {
  expect(cutShort(`${'x'.repeat(99)}😀y`, 100)).toBe(`${'x'.repeat(99)}… (102 characters in all)`);
  expect(cutShort(`${'x'.repeat(98)}😀y`, 100)).toBe(`${'x'.repeat(98)}😀… (101 characters in all)`);
  expect(cutShort('x'.repeat(201))).toBe(`${'x'.repeat(200)}… (201 characters in all)`);
  expect(excerpt('x'.repeat(201))).toBe(`"${'x'.repeat(200)}… (201 characters in all)"`);
});

test("the characters drawn as nothing count as written too: 6 for U+200B or U+FEFF, 12 for a tag character (two escaped halves)", () => {
  // 2 + 3 × 6 = 20.
  expect(cutShort(`ab${'\u200b'.repeat(50)}`, 20)).toBe(`ab${'\\u200b'.repeat(3)}… (52 characters in all)`);
  expect(excerpt(`ab${'\ufeff'.repeat(50)}`, 20)).toBe(`"ab${'\\ufeff'.repeat(3)}… (52 characters in all)"`);
  // 8 × 12 = 96: a ninth would be 108. The count is of UTF-16 units, as ever: 2 for each tag.
  const tag = '\u{e0041}';
  expect(cutShort(tag.repeat(100), 100)).toBe(`${'\\udb40\\udc41'.repeat(8)}… (200 characters in all)`);
  expect(excerpt(tag.repeat(100), 100)).toBe(`"${'\\udb40\\udc41'.repeat(8)}… (200 characters in all)"`);
  expect(JSON.parse(excerpt(tag.repeat(100), 100))).toBe(`${tag.repeat(8)}… (200 characters in all)`);
  // Just fitting: not cut.
  expect(cutShort(`ab${tag}`, 14)).toBe('ab\\udb40\\udc41');
  expect(cutShort(`abc${tag}`, 14)).toBe('abc… (5 characters in all)');
});

test('a lone surrogate and the other default ignorables count as written too: 6 each', () => {
  // Half of an emoji whose other half is missing: UTF-8 would write U+FFFD, JSON writes it as an escape already.
  expect(cutShort(`ab${'\ud83d'.repeat(50)}`, 20)).toBe(`ab${'\\ud83d'.repeat(3)}… (52 characters in all)`);
  expect(excerpt(`ab${'\ude00'.repeat(50)}`, 20)).toBe(`"ab${'\\ude00'.repeat(3)}… (52 characters in all)"`);
  expect(cutShort(`ab${'\u3164\u00ad'.repeat(25)}`, 20)).toBe(`ab${'\\u3164\\u00ad\\u3164'}… (52 characters in all)`);
  expect(excerpt(`ab${'\u{e0080}'.repeat(10)}`, 20)).toBe('"ab\\udb40\\udc80… (22 characters in all)"');
  // A pair stays whole, and counts as its two characters.
  expect(cutShort(`ab\ud83d${'😀'.repeat(10)}`, 14)).toBe('ab\\ud83d😀😀😀… (23 characters in all)');
});
