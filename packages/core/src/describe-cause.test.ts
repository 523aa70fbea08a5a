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
});
