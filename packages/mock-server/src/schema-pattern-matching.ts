import { createPatternExample } from './create-pattern-example.js';
import { runWithTimeLimit } from './run-with-time-limit.js';

// Time for matching one pattern, and for all the patterns of one example. A pattern such as `(a+)+$`
// backtracks for hours on a few dozen characters it does not match, which would stop the whole server.
const PATTERN_TIME_LIMIT_MS = 50;
const PATTERNS_TIME_LIMIT_MS = 500;
// Attempts of one pattern that the clock stopped while the process was given under half the time to run.
const MAX_STARVED_ATTEMPTS = 5;

/** The time that the patterns of one schema example may still take, and what they were found to match. */
export interface PatternBudget {
  patternMs: number;
  /** Whether a pattern matches a string, by `${pattern}\u0000${text}`: each pair is tested once. */
  tested: Map<string, boolean>;
}

/** The budget of one example: 500 ms for all its patterns. */
export function createPatternBudget(): PatternBudget {
  return { patternMs: PATTERNS_TIME_LIMIT_MS, tested: new Map() };
}

/** A `pattern` of the schema took too long to test: it backtracks catastrophically, or there are too many. */
export class SchemaPatternTooSlowError extends RangeError {
  constructor(pattern: string) {
    super(
      `the pattern ${JSON.stringify(pattern)} takes too long to test (over ${PATTERN_TIME_LIMIT_MS} ms for one string, or ` +
        `${PATTERNS_TIME_LIMIT_MS} ms for all the patterns of the schema): write it so that a regex engine does not backtrack on it, ` +
        'without nested quantifiers such as (a+)+',
    );
    this.name = 'SchemaPatternTooSlowError';
  }
}

/**
 * A string that matches `pattern` within the length bounds, or undefined when the builder finds none:
 * `createPatternExample` under a time limit, with the value as a candidate, then, if testing it took too
 * long, with only the strings built from the regex (short, and matching at once, as a rule).
 */
export function patternExample(pattern: string, value: string, minLength: number, maxLength: number, budget: PatternBudget): string | undefined {
  for (const candidates of [[value], []]) {
    const result = runPattern(() => createPatternExample(pattern, candidates, minLength, maxLength), budget);
    if (result.done) return result.value;
  }
  throw new SchemaPatternTooSlowError(pattern);
}

// Whether `text` matches `pattern` (with the `u` flag, as validators compile it; one that is no valid regex
// is not checked), under the time limit, each pair tested once.
export function testPattern(pattern: string, text: string, budget: PatternBudget): boolean {
  const key = `${pattern}\u0000${text}`;
  const known = budget.tested.get(key);
  if (known !== undefined) return known;
  const regex = compilePattern(pattern);
  if (regex === undefined) return true;
  const result = runPattern(() => regex.test(text), budget);
  if (!result.done) throw new SchemaPatternTooSlowError(pattern);
  budget.tested.set(key, result.value);
  return result.value;
}

function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // Try the next flags.
    }
  }
  return undefined;
}

// `run` under the pattern time limit. The limit is wall-clock time (all a watchdog can stop), but what it
// guards against is a pattern that keeps the CPU busy: so the budget is charged with the CPU time spent, and
// an attempt stopped while the process barely ran (a busy machine, which a test run on two cores is) is tried
// again rather than blamed on the pattern.
function runPattern<T>(run: () => T, budget: PatternBudget): { done: true; value: T } | { done: false } {
  for (let attempt = 1; budget.patternMs > 0; attempt++) {
    const limitMs = Math.min(PATTERN_TIME_LIMIT_MS, budget.patternMs);
    const cpuBefore = process.cpuUsage();
    const result = runWithTimeLimit(run, limitMs);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    budget.patternMs -= cpuMs;
    if (result.done) return result;
    if (cpuMs >= limitMs / 2 || attempt >= MAX_STARVED_ATTEMPTS) break;
  }
  return { done: false };
}
