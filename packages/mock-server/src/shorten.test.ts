import { describe, expect, it } from 'vitest';
import { shorten } from './shorten.js';

describe('shorten', () => {
  it('leaves text of maxLength characters or fewer as it is, and cuts longer text saying how long it was, as core words it', () => {
    expect(shorten('x'.repeat(200))).toBe('x'.repeat(200));
    expect(shorten('x'.repeat(201))).toBe(`${'x'.repeat(200)}… (201 characters in all)`);
    expect(shorten('abcd', 3)).toBe('abc… (4 characters in all)');
  });

  it('never cuts between the two halves of a pair of surrogates: a model id may hold an emoji, and half of one is no character', () => {
    const text = `${'m'.repeat(199)}😀${'m'.repeat(50)}`;
    expect(shorten(text)).toBe(`${'m'.repeat(199)}… (251 characters in all)`);
    expect(shorten(text, 201)).toBe(`${'m'.repeat(199)}😀… (251 characters in all)`);
  });
});
