import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaPatternTooSlowError } from './schema-pattern-matching.js';
import { runWithTimeLimit } from './run-with-time-limit.js';

// The patterns of one example share one budget of CPU time, so that any number of patterns that backtrack cost
// no more than one schema's worth: counted here in the watchdog's runs, not timed. Each run is charged its whole
// limit of CPU time (as a pattern that backtracks uses it), on a clock of this test's; the patterns themselves
// match at once. create-schema-example.test.ts has the real watchdog stop a pattern that backtracks for hours.
vi.mock('./run-with-time-limit.js', () => ({ runWithTimeLimit: vi.fn() }));

const limited = vi.mocked(runWithTimeLimit);
let cpuMicros = 0;

beforeEach(() => {
  cpuMicros = 0;
  limited.mockImplementation(<T>(run: () => T, milliseconds: number) => {
    cpuMicros += milliseconds * 1000;
    return { done: true as const, value: run() };
  });
  vi.spyOn(process, 'cpuUsage').mockImplementation((previous) => ({ user: cpuMicros - (previous?.user ?? 0), system: 0 }));
});
afterEach(() => {
  limited.mockReset();
  vi.restoreAllMocks();
});

const patterned = (count: number) => ({
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, { type: 'string', pattern: '^(a+)+$' }])),
});

describe('createSchemaExample, the patterns of one example', () => {
  it('are refused once they have used the budget of the example, after as many runs for 5,000 of them as for 50', () => {
    const runs: number[] = [];
    for (const count of [50, 5_000]) {
      limited.mockClear();
      cpuMicros = 0;
      expect(() => createSchemaExample(patterned(count), 'Weather in Zürich')).toThrow(/^the pattern "\^\(a\+\)\+\$" takes too long to test \(over 50 ms for one string, or 500 ms for all the patterns/);
      runs.push(limited.mock.calls.length);
    }
    // 500 ms for all the patterns at 50 ms a run.
    expect(runs).toEqual([10, 10]);
    expect(() => createSchemaExample(patterned(50), 'Weather in Zürich')).toThrow(SchemaPatternTooSlowError);
  });

  it('under the budget, are all matched', () => {
    expect(createSchemaExample(patterned(2), 'Weather in Zürich')).toEqual({ p0: expect.stringMatching(/^a+$/), p1: expect.stringMatching(/^a+$/) });
  });
});
