import { expect, test } from 'vitest';
test('has web globals', () => {
  expect(typeof TextDecoder).toBe('function');
  expect(typeof ReadableStream).toBe('function');
});
