import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaPatternTooSlowError } from './schema-pattern-matching.js';
import { runWithTimeLimit } from './run-with-time-limit.js';

// The pattern time limit is wall-clock time; these cases stand for a machine so busy that the clock runs out
// before the process gets to run (the watchdog's answer without the CPU time spent), which must not turn a
// harmless pattern into the 400 meant for one that backtracks.
// The calls not starved run without a clock: with the real watchdog, a test run on a loaded machine had one of
// them stopped too, and retried, and counted a call more than the test starved.
vi.mock('./run-with-time-limit.js', () => ({
  runWithTimeLimit: vi.fn(<T>(run: () => T) => ({ done: true as const, value: run() })),
}));

const limited = vi.mocked(runWithTimeLimit);
afterEach(() => limited.mockClear());

/** The next `count` calls run out of time at once, having used no CPU. */
function starve(count: number): void {
  for (let call = 0; call < count; call++) limited.mockImplementationOnce(() => ({ done: false }));
}

describe('createSchemaExample on a busy machine', () => {
  it('tries a pattern again when the clock stopped it before the process ran', () => {
    starve(3);
    expect(createSchemaExample({ type: 'string', pattern: '^Weather' }, 'Weather in Zürich')).toBe('Weather in Zürich');
    // Four tries to build the string, and one for the check of the whole value.
    expect(limited).toHaveBeenCalledTimes(5);
  });

  it('still refuses, after a few tries, a pattern the clock keeps stopping', () => {
    starve(20);
    expect(() => createSchemaExample({ type: 'string', pattern: '^Weather' }, 'Weather in Zürich')).toThrow(SchemaPatternTooSlowError);
    // Five tries with the text as the candidate, five with strings built from the regex.
    expect(limited).toHaveBeenCalledTimes(10);
  });
});
