import { describe, expect, it } from 'vitest';
import { createGroqHeaders, formatGroqDuration } from './groq-headers.js';

describe('formatGroqDuration', () => {
  it.each([
    [0, '0s'],
    [0.0004, '0s'],
    [0.83, '830ms'],
    [0.9996, '1s'],
    [6, '6s'],
    [7.66, '7.66s'],
    [59.999, '1m0s'],
    [60, '1m0s'],
    [179.56, '2m59.56s'],
    [3599.999, '1h0m0s'],
    [3600, '1h0m0s'],
    [6600, '1h50m0s'],
    [86_400, '24h0m0s'],
    [3723.5, '1h2m3.5s'],
  ])('formats %s s as %s, as Go and Groq do', (seconds, text) => {
    expect(formatGroqDuration(seconds)).toBe(text);
  });
});

describe('createGroqHeaders', () => {
  it('reports hours in reset-requests once the day’s budget has been used for an hour', () => {
    expect(createGroqHeaders('req_1', 600)['x-ratelimit-reset-requests']).toBe('1h0m0s');
    expect(createGroqHeaders('req_1', 1)['x-ratelimit-reset-requests']).toBe('6s');
  });

  it('reports remaining tokens and a token reset that agree: the used tokens refill at the per-minute rate', () => {
    const headers = createGroqHeaders('req_1', 1);
    const used = Number(headers['x-ratelimit-limit-tokens']) - Number(headers['x-ratelimit-remaining-tokens']);
    expect(headers['x-ratelimit-reset-tokens']).toBe(formatGroqDuration((used * 60) / Number(headers['x-ratelimit-limit-tokens'])));
  });
});
