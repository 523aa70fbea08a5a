import { describe, expect, it } from 'vitest';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';

describe('generateAnswerTokens', () => {
  it('gives the same tokens for the same prompt, and quotes the prompt', () => {
    const first = generateAnswerTokens('What is the capital of France?');
    expect(generateAnswerTokens('What is the capital of France?')).toEqual(first);
    expect(first.join('')).toMatch(/^You asked: “What is the capital of France\?”\./u);
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(first.length).toBeLessThanOrEqual(80);
  });

  it('differs between prompts', () => {
    expect(generateAnswerTokens('one').slice(8)).not.toEqual(generateAnswerTokens('two').slice(8));
  });

  it('returns exactly `count` tokens, a shorter answer being a prefix of a longer one', () => {
    const natural = generateAnswerTokens('prefix test');
    const short = generateAnswerTokens('prefix test', 7);
    const long = generateAnswerTokens('prefix test', 500);
    expect(short).toHaveLength(7);
    expect(long).toHaveLength(500);
    expect(natural.slice(0, 7)).toEqual(short);
    expect(long.slice(0, natural.length)).toEqual(natural);
    expect(generateAnswerTokens('prefix test', 0)).toEqual([]);
  });

  it('shortens long prompts and handles an empty one', () => {
    expect(generateAnswerTokens('a b c d e f g h i j k', 20).join('')).toContain('“a b c d e f g h…”');
    expect(generateAnswerTokens('   ', 6).join('')).toBe('You asked nothing at all.');
  });

  it('includes curly quotes, accented letters and emoji across answers', () => {
    const text = Array.from({ length: 20 }, (_, index) => generateAnswerTokens(`prompt ${index}`).join('')).join('\n');
    expect(text).toMatch(/[“”]/u);
    expect(text).toMatch(/[éïüñ]/u);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('never splits a surrogate pair across tokens', () => {
    for (const token of generateAnswerTokens('emoji check', 5000)) {
      expect(token).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});

describe('generateReasoningTokens', () => {
  it('is deterministic and mentions the prompt', () => {
    expect(generateReasoningTokens('Why is the sky blue?')).toEqual(generateReasoningTokens('Why is the sky blue?'));
    expect(generateReasoningTokens('Why is the sky blue?').join('')).toBe('Let me think about “Why is the sky…”. A short, friendly answer will do.');
  });
});
