import { describe, expect, test } from 'vitest';
import { ControlEscaper } from './control-escaper.js';

/** `pieces` through one escaper, its rest at the end. */
function escapedPieces(...pieces: string[]): string {
  const escaper = new ControlEscaper();
  return pieces.map((piece) => escaper.next(piece)).join('') + escaper.rest();
}

describe('ControlEscaper', () => {
  test('writes every C0 control but the tab and the line feed, DEL and every C1 control as an escape, as escapeControls does', () => {
    for (let code = 0; code <= 0xa0; code += 1) {
      const character = String.fromCharCode(code);
      const kept = code === 0x09 || code === 0x0a || (code >= 0x20 && code < 0x7f) || code === 0xa0;
      expect(escapedPieces(`a${character}b`), `U+${code.toString(16)}`).toBe(kept ? `a${character}b` : `a${code === 0x0d ? '\\r' : `\\u${code.toString(16).padStart(4, '0')}`}b`);
    }
  });

  test('a terminal sequence is inert: OSC 52, CSI 2 J, the C1 CSI and OSC; letters of any script and emoji stay', () => {
    expect(escapedPieces('\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\u009d0;t\u009c café 😀 日本')).toBe(
      '\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\\u009b31m\\u009d0;t\\u009c café 😀 日本',
    );
  });

  test('writes the bidirectional embeddings, overrides and isolates and the line and paragraph separators as escapes; the marks stay', () => {
    // "Trojan Source" (CVE-2021-42574): an override shows the words after it backwards, up to its pop or the line's
    // end, so that what the terminal shows is not what is copied: this reads "run invoice_exe.sh to check".
    expect(escapedPieces('run invoice_\u202ehs.exe\u202c to check')).toBe('run invoice_\\u202ehs.exe\\u202c to check');
    const escaped = new Set([0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
    for (let code = 0x2000; code <= 0x206f; code += 1) {
      const character = String.fromCharCode(code);
      expect(escapedPieces(`a${character}b`), `U+${code.toString(16)}`).toBe(escaped.has(code) ? `a\\u${code.toString(16)}b` : `a${character}b`);
    }
    // The Arabic letter mark and the left-to-right and right-to-left marks, which Arabic and Hebrew text holds
    // to set the side of its numbers and punctuation: they reorder no letters, and stay.
    const marked = 'السعر \u061c100 دولار، עברית\u200f (ABC\u200e) שלום';
    expect(escapedPieces(marked)).toBe(marked);
  });

  test('a CR ending a line stays, a lone one is escaped, also when the CRLF or the text after the CR is in the next piece', () => {
    expect(escapedPieces('one\r\ntwo\rthree\r')).toBe('one\r\ntwo\\rthree\\r');
    const escaper = new ControlEscaper();
    expect(escaper.next('one\r')).toBe('one');
    expect(escaper.next('')).toBe('');
    expect(escaper.next('\ntwo\r')).toBe('\r\ntwo');
    expect(escaper.next('\r')).toBe('\\r');
    expect(escaper.next('x')).toBe('\\rx');
    expect(escaper.rest()).toBe('');
    expect(escaper.next('\r')).toBe('');
    expect(escaper.rest()).toBe('\\r');
    expect(escaper.rest()).toBe('');
  });

  test('text cut into pieces anywhere comes out as it does whole', () => {
    const text = 'a\u001b]8;;https://evil.test\u0007b\u001b]8;;\u0007\r\nc\rd\u009b2J\t\u007f\r';
    const whole = escapedPieces(text);
    for (let cut = 0; cut <= text.length; cut += 1) {
      for (let second = cut; second <= text.length; second += 1) {
        expect(escapedPieces(text.slice(0, cut), text.slice(cut, second), text.slice(second)), `${cut}, ${second}`).toBe(whole);
      }
    }
  });
});
