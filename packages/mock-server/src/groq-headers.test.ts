import { describe, expect, it } from 'vitest';
import { createGroqHeaders, createTierTokenHeaders, formatGroqDuration, rateLimitFactor } from './groq-headers.js';

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
  it('reports hours in reset-requests once an hour of the daily budget is used', () => {
    expect(createGroqHeaders('req_1', 600)['x-ratelimit-reset-requests']).toBe('1h0m0s');
    expect(createGroqHeaders('req_1', 1)['x-ratelimit-reset-requests']).toBe('6s');
  });

  it.each([
    [0, '14400', '0s'],
    [1, '14399', '6s'],
    // Half a request has refilled: the reset says so, but a request remains only once it is whole.
    [0.5, '14399', '3s'],
    [1.5, '14398', '9s'],
    // Under a millisecond from full: both headers say full, never `0s` with a request missing.
    [0.00001, '14400', '0s'],
    [14_399.5, '0', '23h59m57s'],
    [14_400, '0', '24h0m0s'],
  ])('reports %s used requests as %s remaining, full after %s', (used, remaining, reset) => {
    const headers = createGroqHeaders('req_1', used);
    expect(headers['x-ratelimit-remaining-requests']).toBe(remaining);
    expect(headers['x-ratelimit-reset-requests']).toBe(reset);
  });

  it('never reports more requests remaining than the limit, nor fewer than none', () => {
    expect(createGroqHeaders('req_1', -3)).toMatchObject({ 'x-ratelimit-remaining-requests': '14400', 'x-ratelimit-reset-requests': '0s' });
    expect(createGroqHeaders('req_1', 20_000)).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '24h0m0s' });
  });

  it.each([
    [0, '144000', '0s'],
    [1, '143999', '600ms'],
    [0.5, '143999', '300ms'],
    [10, '143990', '6s'],
    [144_000, '0', '24h0m0s'],
    [200_000, '0', '24h0m0s'],
  ])('reports %s used requests of flex, ten times on_demand\'s 14400 a day, as %s remaining, full after %s', (used, remaining, reset) => {
    const headers = createGroqHeaders('req_1', used, 'flex');
    expect(headers['x-ratelimit-limit-requests']).toBe('144000');
    expect(headers['x-ratelimit-remaining-requests']).toBe(remaining);
    expect(headers['x-ratelimit-reset-requests']).toBe(reset);
  });

  it('reports on_demand\'s 14400 requests a day on performance, and by default', () => {
    for (const headers of [createGroqHeaders('req_1', 1, 'performance'), createGroqHeaders('req_1', 1, 'on_demand'), createGroqHeaders('req_1', 1)]) {
      expect(headers).toMatchObject({ 'x-ratelimit-limit-requests': '14400', 'x-ratelimit-remaining-requests': '14399', 'x-ratelimit-reset-requests': '6s' });
    }
  });

  it('reports remaining tokens and a token reset that agree: the used tokens refill at the per-minute rate', () => {
    const headers = createGroqHeaders('req_1', 1);
    const used = Number(headers['x-ratelimit-limit-tokens']) - Number(headers['x-ratelimit-remaining-tokens']);
    expect(headers['x-ratelimit-reset-tokens']).toBe(formatGroqDuration((used * 60) / Number(headers['x-ratelimit-limit-tokens'])));
  });
});

describe('rateLimitFactor', () => {
  it('takes only a tier a request is served on: flex 10, on_demand and performance 1', () => {
    expect([rateLimitFactor('flex'), rateLimitFactor('on_demand'), rateLimitFactor('performance')]).toEqual([10, 1, 1]);
    // The body's service_tier as sent is no served tier: auto is served on on_demand, and a misspelt flex would get
    // on_demand's limits without a word; callers pass ChatRequest.serviceTier, which the types now require.
    // @ts-expect-error -- auto is read as on_demand by validateChatRequest, not passed on
    expect(rateLimitFactor('auto')).toBe(1);
    // @ts-expect-error -- a misspelt tier
    expect(createTierTokenHeaders('Flex')['x-ratelimit-limit-tokens']).toBe('6000');
  });
});
