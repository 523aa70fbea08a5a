import { describe, expect, test } from 'vitest';
import { longServerWait, maxServerRetryDelayMs, retryDelayMs, serverWait, shouldRetry } from './retry-policy.js';

const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe('shouldRetry', () => {
  test.each([408, 409, 429, 500, 502, 503, 504, 498])('retries %i', (status) => expect(shouldRetry(response(status))).toBe(true));
  test.each([400, 401, 403, 404, 413, 422])('does not retry %i', (status) => expect(shouldRetry(response(status))).toBe(false));
  // A status past 599 is no HTTP status (fetch hands it over anyway): not a server error to retry.
  test.each([600, 999])('does not retry %i', (status) => expect(shouldRetry({ status, headers: new Headers() } as Response)).toBe(false));
  test('x-should-retry decides when present', () => {
    expect(shouldRetry(response(500, { 'x-should-retry': 'false' }))).toBe(false);
    expect(shouldRetry(response(400, { 'x-should-retry': 'true' }))).toBe(true);
  });
});

describe('retryDelayMs', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const noJitter = () => 0;
  test('exponential backoff from 0.5 s, doubling, capped at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((retries) => retryDelayMs(retries, undefined, now, noJitter))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
  test('jitter takes off at most a quarter', () => {
    expect(retryDelayMs(0, undefined, now, () => 0.999)).toBeGreaterThan(375);
    expect(retryDelayMs(0, undefined, now, () => 0.999)).toBeLessThan(500);
  });
  test('honours retry-after-ms, then retry-after in seconds or as a date', () => {
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '1234.5', 'retry-after': '9' }), now)).toBe(1234.5);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryDelayMs(0, new Headers({ 'retry-after': new Date(now + 7000).toUTCString() }), now)).toBe(7000);
  });
  test('ignores an unreasonable or unreadable server delay', () => {
    expect(retryDelayMs(1, new Headers({ 'retry-after': String(maxServerRetryDelayMs / 1000 + 1) }), now, noJitter)).toBe(1000);
    expect(retryDelayMs(1, new Headers({ 'retry-after': '-5' }), now, noJitter)).toBe(1000);
    expect(retryDelayMs(1, new Headers({ 'retry-after': 'soon' }), now, noJitter)).toBe(1000);
    // Not numbers as HTTP writes them, though JavaScript would read them as 16, 10, 1500 and 5.
    for (const value of ['0x10', '1e1', '5s', ' 5 5', '2026']) expect(retryDelayMs(1, new Headers({ 'retry-after': value }), now, noJitter), value).toBe(1000);
    for (const value of ['1500abc', '0x10', '-20']) expect(retryDelayMs(1, new Headers({ 'retry-after-ms': value }), now, noJitter), value).toBe(1000);
    expect(retryDelayMs(1, new Headers({ 'retry-after': new Date(now - 5000).toUTCString() }), now, noJitter)).toBe(1000);
    // Shaped like an HTTP date, but no date: the backoff, not NaN.
    expect(retryDelayMs(1, new Headers({ 'retry-after': 'Fri, 99 Foo 2026 25:61:00 GMT' }), now, noJitter)).toBe(1000);
  });
});

describe('longServerWait', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  test('a wait past 60 s, with the header that asked for it', () => {
    expect(longServerWait(serverWait(new Headers({ 'retry-after': '61' }), now))).toEqual({ ms: 61_000, header: 'retry-after' });
    expect(longServerWait(serverWait(new Headers({ 'retry-after-ms': '90000.5', 'retry-after': '1' }), now))).toEqual({ ms: 90_000.5, header: 'retry-after-ms' });
    expect(longServerWait(serverWait(new Headers({ 'retry-after': new Date(now + 3_600_000).toUTCString() }), now))).toEqual({ ms: 3_600_000, header: 'retry-after' });
    // retry-after-ms that is no number is passed over for retry-after, and so is its name.
    expect(longServerWait(serverWait(new Headers({ 'retry-after-ms': 'soon', 'retry-after': '120' }), now))).toEqual({ ms: 120_000, header: 'retry-after' });
  });
  test('none for 60 s or less, a date past, or what is no wait', () => {
    for (const headers of [{}, { 'retry-after': String(maxServerRetryDelayMs / 1000) }, { 'retry-after': '0' }, { 'retry-after': new Date(now - 5000).toUTCString() }, { 'retry-after': '1e9' }, { 'x-ratelimit-reset-requests': '24h0m0s' }] as Record<string, string>[]) {
      expect(longServerWait(serverWait(new Headers(headers), now)), JSON.stringify(headers)).toBeUndefined();
    }
  });
});
