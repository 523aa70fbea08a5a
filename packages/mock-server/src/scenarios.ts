/** Every value accepted by the `x-mock-scenario` header, the `scenario` option and the `--scenario` flag. */
export const mockScenarios = [
  'none',
  'rate-limit',
  'rate-limit-daily',
  'request-too-large',
  'capacity',
  'server-error',
  'bad-gateway',
  'service-unavailable',
  'mid-stream-error',
  'stopped-early',
  'drop',
  'stall',
  'done-then-stall',
  'error-then-stall',
  'tool-calls',
  'slow-headers',
  'reasoning',
] as const;

/**
 * How the mock answers one request. `none` is a normal answer (useful to override a server-wide default
 * scenario for one request); the others are described in the package README.
 */
export type MockScenario = (typeof mockScenarios)[number];

/** Whether `value` names a scenario. */
export function isMockScenario(value: string): value is MockScenario {
  return (mockScenarios as readonly string[]).includes(value);
}

/**
 * Reads a scenario name from an option, a flag or a header.
 *
 * @throws RangeError naming the setting and listing the valid names.
 */
export function parseScenario(value: string, name: string): MockScenario {
  if (isMockScenario(value)) return value;
  throw new RangeError(`${name} must be one of ${mockScenarios.join(', ')}; got ${JSON.stringify(value)}.`);
}

/** Counts requests per scenario, server-wide, to let a scenario apply to only the first N of them. */
export interface ScenarioCounter {
  /** Counts this request and says whether the scenario applies to it (always, when `failTimes` is undefined). */
  applies(scenario: MockScenario, failTimes: number | undefined): boolean;
  reset(): void;
}

/** A counter with no request seen yet. */
export function createScenarioCounter(): ScenarioCounter {
  const seen = new Map<MockScenario, number>();
  return {
    applies(scenario, failTimes) {
      if (scenario === 'none') return false;
      const count = seen.get(scenario) ?? 0;
      seen.set(scenario, count + 1);
      return failTimes === undefined || count < failTimes;
    },
    reset() {
      seen.clear();
    },
  };
}
