import { describe, expect, it } from 'vitest';
import { cutAtStopSequence } from './cut-at-stop-sequence.js';
import { generateAnswerTokens } from './generate-answer.js';

const tokens = ['You', ' asked', ':', ' “', 'Hello', ' there', '”', '.'];

describe('cutAtStopSequence', () => {
  it('keeps the tokens before a stop sequence that starts a token, and drops the rest', () => {
    expect(cutAtStopSequence(tokens, [' asked'])).toEqual(['You']);
    expect(cutAtStopSequence(tokens, ['You'])).toEqual([]);
  });

  it('cuts inside a token, and finds sequences that span tokens', () => {
    expect(cutAtStopSequence(tokens, ['sked'])).toEqual(['You', ' a']);
    expect(cutAtStopSequence(tokens, ['d: “He'])).toEqual(['You', ' aske']);
  });

  it('cuts at the earliest occurrence of any sequence, whatever their order', () => {
    expect(cutAtStopSequence(tokens, ['there', 'asked'])).toEqual(['You', ' ']);
    expect(cutAtStopSequence(tokens, ['asked', 'there'])).toEqual(['You', ' ']);
  });

  it('returns the tokens themselves when no sequence matches, and ignores empty sequences', () => {
    expect(cutAtStopSequence(tokens, ['nowhere'])).toBe(tokens);
    expect(cutAtStopSequence(tokens, [''])).toBe(tokens);
    expect(cutAtStopSequence(tokens, [])).toBe(tokens);
    expect(cutAtStopSequence([], ['x'])).toEqual([]);
  });

  it('gives exactly the text before the first occurrence, for any sequence cut from an answer', () => {
    const answer = generateAnswerTokens('stop property', 300);
    const text = answer.join('');
    for (let start = 0; start < text.length; start += 7) {
      const sequence = text.slice(start, start + 5);
      const cut = cutAtStopSequence(answer, [sequence]);
      expect(cut.join('')).toBe(text.slice(0, text.indexOf(sequence)));
      expect(cut.every((token) => token !== '')).toBe(true);
    }
  });
});
