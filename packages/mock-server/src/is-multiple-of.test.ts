import { describe, expect, it } from 'vitest';
import { isMultipleOf } from './is-multiple-of.js';

describe('isMultipleOf', () => {
  it('compares the decimal numbers that JSON writes, not the quotient of two doubles', () => {
    // 1e308 / 7 rounds to a whole double; the decimal 10^308 is no multiple of 7.
    expect(isMultipleOf(1e308, 7)).toBe(false);
    expect(isMultipleOf(7e300, 7)).toBe(true);
    // 0.3 / 0.1 is 2.9999999999999996; the decimals are a multiple.
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(0.95, 0.05)).toBe(true);
    expect(isMultipleOf(0.9500000000000001, 0.05)).toBe(false);
    expect(isMultipleOf(-42, 6)).toBe(true);
    expect(isMultipleOf(1.5e-7, 5e-8)).toBe(true);
    expect(isMultipleOf(43, 2)).toBe(false);
  });
});
