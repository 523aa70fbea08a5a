import { describe, expect, test } from 'vitest';
import { describeWait } from './describe-wait.js';

describe('describeWait', () => {
  test.each([
    [1, '1 second'],
    [0.2, '1 second'],
    [7, '7 seconds'],
    [119, '119 seconds'],
    // From two minutes on, in minutes rounded up: never a shorter wait than the one asked for.
    [120, '2 minutes'],
    [121, '3 minutes'],
    [3540, '59 minutes'],
    [3541, '1 hour'],
    [3600, '1 hour'],
    [3660, '1 hour 1 minute'],
    [5400, '1 hour 30 minutes'],
    [7200, '2 hours'],
    [86_400, '24 hours'],
  ])('%d s: %s', (seconds, words) => {
    expect(describeWait(seconds)).toBe(words);
  });
});
