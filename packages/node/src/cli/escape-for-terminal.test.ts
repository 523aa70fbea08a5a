import { describe, expect, test } from 'vitest';
import { escapeForTerminal } from './escape-for-terminal.js';

describe('escapeForTerminal', () => {
  test('writes C0 and C1 controls and DEL as escapes, and leaves tabs and other text as they are', () => {
    expect(escapeForTerminal('a\u001b[2Jb\u001b]52;c;eA==\u0007c\rd\u009b31m\u007f\u0000')).toBe('a\\u001b[2Jb\\u001b]52;c;eA==\\u0007c\\rd\\u009b31m\\u007f\\u0000');
    expect(escapeForTerminal('tab\there, “quotes” and ü, 😀')).toBe('tab\there, “quotes” and ü, 😀');
  });

  test('line feeds are escaped unless kept, for the command\'s own lines', () => {
    expect(escapeForTerminal('one\ngroq-stream: two')).toBe('one\\ngroq-stream: two');
    expect(escapeForTerminal('one\ntwo\u001b[K\r', { keepLineFeeds: true })).toBe('one\ntwo\\u001b[K\\r');
  });
});
