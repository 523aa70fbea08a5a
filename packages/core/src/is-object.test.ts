import { expect, test } from 'vitest';
import { isListOfObjects, isObject } from './is-object.js';

test('isObject: objects and arrays, not null or primitives', () => {
  expect([{}, [], new Date()].map(isObject)).toEqual([true, true, true]);
  expect([null, undefined, 0, '', 'x', true].map(isObject)).toEqual([false, false, false, false, false, false]);
});

test('isListOfObjects: a list whose every item is an object', () => {
  expect(isListOfObjects([])).toBe(true);
  expect(isListOfObjects([{}, { index: 0 }])).toBe(true);
  expect(isListOfObjects([{}, null])).toBe(false);
  expect(isListOfObjects([1])).toBe(false);
  expect(isListOfObjects({ 0: {}, length: 1 })).toBe(false);
  expect(isListOfObjects('[]')).toBe(false);
});
