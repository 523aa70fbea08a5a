import { afterEach, expect, test, vi } from 'vitest';
import { guardErrorPayload } from './guard-error-payload.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';

const key = `gsk_${'Q7w9'.repeat(13)}`;
afterEach(() => vi.restoreAllMocks());

test('without a mapping it is toSafeErrorPayload', () => {
  expect(guardErrorPayload(undefined)).toBe(toSafeErrorPayload);
});

test('a mapping that works is used as it is', () => {
  const payload: SafeErrorPayload = { message: 'Try again later.', type: 'capacity', status: 503 };
  expect(guardErrorPayload(() => payload)(new Error('upstream'))).toBe(payload);
});

test('a mapping that throws gives the default payload, and its error is logged with keys redacted', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  const payload = guardErrorPayload(() => {
    throw new Error(`cannot map, the key was ${key}`);
  })(error);
  expect(payload).toEqual(toSafeErrorPayload(error));
  expect(log).toHaveBeenCalledTimes(1);
  const logged = JSON.stringify(log.mock.calls[0], (_name, value: unknown) => (value instanceof Error ? value.message : value));
  expect(logged).toContain('errorPayload option threw');
  expect(logged).not.toContain(key);
  expect(logged).toContain('[redacted]');
});

test('a payload that JSON cannot hold (a BigInt, a cycle) gives the default payload too', () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  const cycle: Record<string, unknown> = { message: 'm', type: 't' };
  cycle.self = cycle;
  expect(guardErrorPayload(() => ({ message: 'm', type: 't', status: 1n as unknown as number }))(error)).toEqual(toSafeErrorPayload(error));
  expect(guardErrorPayload(() => cycle as unknown as SafeErrorPayload)(error)).toEqual(toSafeErrorPayload(error));
});
