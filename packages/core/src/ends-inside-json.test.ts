import { describe, expect, test } from 'vitest';
import { endsInsideJSON } from './ends-inside-json.js';

const completion = JSON.stringify({ id: 'c1', choices: [{ index: 0, message: { role: 'assistant', content: 'a "quoted" {brace} and a \\ backslash' } }] });

describe('endsInsideJSON', () => {
  test('every proper prefix of an object is JSON that stopped before its end', () => {
    for (let length = 1; length < completion.length; length++) expect([length, endsInsideJSON(completion.slice(0, length))]).toEqual([length, true]);
  });

  test.each([
    ['a whole object', completion],
    ['an empty body', ''],
    ['blank space', ' \n'],
    ['an HTML page cut short', '<html><body>{"a":'],
    ['plain text', 'Internal error {'],
    ['a closer that matches no opener', '{"a":[1}'],
    ['a second value after the first closed', '{"a":1} {"b":'],
  ])('%s is not', (_, text) => {
    expect(endsInsideJSON(text)).toBe(false);
  });
});
