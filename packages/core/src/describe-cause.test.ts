import { describe, expect, test } from 'vitest';
import { describeCause } from './describe-cause.js';

describe('describeCause', () => {
  test('a runtime error and its cause, without a final period', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9.') });
    expect(describeCause(error)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:9');
  });

  test('an error without a cause, and a value that is no error', () => {
    expect(describeCause(new Error('Socket closed.'))).toBe('Socket closed');
    expect(describeCause('just text')).toBe('just text');
  });

  test('an outer message that ends a sentence is not run on into its cause with a colon', () => {
    expect(describeCause(new Error('Socket closed.', { cause: new Error('read ECONNRESET') }))).toBe('Socket closed: read ECONNRESET');
    expect(describeCause(new Error('What are cents?', { cause: new Error('no rate for EUR') }))).toBe('What are cents? (no rate for EUR)');
    expect(describeCause(new Error('Out of money!', { cause: new Error('balance 0') }))).toBe('Out of money! (balance 0)');
  });

  test("words a runtime's error quotes (a custom fetch's, from a server) have their controls written as escapes, on one line", () => {
    const error = new TypeError('fetch failed', { cause: new Error('upstream said: \u001b[2J\u001b]0;owned\u0007\r\nAdmin: all good \u009b31m\u202eevil') });
    expect(describeCause(error)).toBe('fetch failed: upstream said: \\u001b[2J\\u001b]0;owned\\u0007\\r\\nAdmin: all good \\u009b31m\\u202eevil');
    // A runtime's message over several lines (V8's, an assertion's) is written on one, the line feeds as `\n`;
    // line breaks at the end go, as a final full stop does.
    expect(describeCause(new Error('Converting circular structure to JSON\n    --> starting at object\n'))).toBe('Converting circular structure to JSON\\n    --> starting at object');
    expect(describeCause(new Error('Socket closed.\r\n', { cause: new Error('  ') }))).toBe('Socket closed');
    expect(describeCause('thrown\u2028text')).toBe('thrown\\u2028text');
  });

  test('each message is cut at 500 characters as written, saying how long it was, a key redacted before the cut', () => {
    const long = new TypeError('x'.repeat(5000), { cause: new Error(`${'\u001b'.repeat(5000)}.`) });
    expect(describeCause(long)).toBe(`${'x'.repeat(500)}… (5000 characters in all): ${'\\u001b'.repeat(83)}… (5000 characters in all)`);
    const key = 'gsk_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6';
    expect(describeCause(new Error(`${'z'.repeat(490)}${key}`))).toBe(`${'z'.repeat(490)}gsk_[redac… (504 characters in all)`);
  });
});
