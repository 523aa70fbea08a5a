import { describe, expect, test } from 'vitest';
import { formatStats } from './format-stats.js';

describe('formatStats', () => {
  test('a streamed answer: the time to its first token, its rate from the first token to the last, and its count', () => {
    // 59 tokens after the first, over 2 s.
    expect(formatStats(1000, 1300.4, 3300.4, 60)).toBe('First token after 300 ms · 29.5 tokens/s · 60 tokens');
  });

  test('one token: no rate, "1 token"', () => {
    expect(formatStats(0, 250, 250, 1)).toBe('First token after 250 ms · 1 token');
  });

  // All the tokens in one read (a proxy that buffers the stream, a connection that caught up) are parsed within
  // a few milliseconds: "38390.7 tokens/s · 2 tokens" measured the parser, not the answer.
  test.each([
    ['a burst: 2 tokens 0.03 ms apart', 0.03, 2],
    ['a burst: 1,000 tokens within 40 ms', 40, 1000],
    ['just under the shortest span measured, 249 ms', 249, 100],
    ['too few tokens after the first for a rate, 4 over 2 s', 2000, 5],
  ])('no rate for %s', (_, span, tokens) => {
    expect(formatStats(0, 200, 200 + span, tokens)).toBe(`First token after 200 ms · ${tokens} tokens`);
  });

  test('a rate from 250 ms and 5 tokens after the first on', () => {
    expect(formatStats(0, 200, 450, 6)).toBe('First token after 200 ms · 20.0 tokens/s · 6 tokens');
  });
});
