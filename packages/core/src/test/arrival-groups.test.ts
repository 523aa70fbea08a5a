import { expect, test } from 'vitest';
import { arrivalGroups } from './arrival-groups.js';

test('counts arrivals apart by at least the gap as separate moments', () => {
  expect(arrivalGroups([])).toBe(0);
  expect(arrivalGroups([5])).toBe(1);
  expect(arrivalGroups([0, 1, 2, 3])).toBe(1);
  expect(arrivalGroups([0, 50, 100, 150])).toBe(4);
  // A stall merges what queued during it; the rest stays apart.
  expect(arrivalGroups([0, 50, 300, 300.5, 301, 350, 400])).toBe(5);
  expect(arrivalGroups([0, 10, 20, 30], 10)).toBe(4);
});
