import { describe, expect, test } from 'vitest';
import { terminalDrawsUnicode } from './terminal-draws-unicode.js';

describe('terminalDrawsUnicode', () => {
  test('a UTF-8 locale, or none set (Windows, many containers): yes', () => {
    expect(terminalDrawsUnicode({})).toBe(true);
    expect(terminalDrawsUnicode({ LANG: 'en_US.UTF-8', TERM: 'xterm-256color' })).toBe(true);
    expect(terminalDrawsUnicode({ LANG: 'de_DE.utf8' })).toBe(true);
    expect(terminalDrawsUnicode({ LC_ALL: '', LC_CTYPE: 'C.UTF-8', LANG: 'C' })).toBe(true);
  });

  test('the Linux console, whatever the locale: no', () => {
    expect(terminalDrawsUnicode({ TERM: 'linux' })).toBe(false);
    expect(terminalDrawsUnicode({ TERM: 'linux', LANG: 'en_US.UTF-8' })).toBe(false);
  });

  test('a locale not UTF-8, read as the C library does (LC_ALL, else LC_CTYPE, else LANG): no', () => {
    expect(terminalDrawsUnicode({ LANG: 'C' })).toBe(false);
    expect(terminalDrawsUnicode({ LANG: 'POSIX' })).toBe(false);
    expect(terminalDrawsUnicode({ LANG: 'en_US.ISO-8859-1' })).toBe(false);
    expect(terminalDrawsUnicode({ LC_CTYPE: 'fr_FR@euro', LANG: 'fr_FR.UTF-8' })).toBe(false);
    expect(terminalDrawsUnicode({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
  });
});
