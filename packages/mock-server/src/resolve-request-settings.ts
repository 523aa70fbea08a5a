import type { IncomingHttpHeaders } from 'node:http';
import { parseNonNegative, parseTokenCount, type RequestSettings } from './mock-groq-server-options.js';
import { parseScenario } from './scenarios.js';

/** The `x-mock-*` headers a request may send; any other `x-mock-` name is refused. */
export const MOCK_HEADERS = ['x-mock-scenario', 'x-mock-fail-times', 'x-mock-tokens-per-second', 'x-mock-ttft-ms', 'x-mock-tokens'];

/**
 * Merges the server's defaults with a request's `x-mock-*` headers. Their numbers are read in decimal notation
 * only, as the CLI's flags are: `Number()` would take `0x10` as 16 and `1e3` as 1000.
 *
 * @throws RangeError with a message for the client when a header has an invalid value or an `x-mock-` name
 * the mock does not know: a typo in a test header (`x-mock-scenarios: drop`) should fail loudly rather than
 * silently test the happy path.
 */
export function resolveRequestSettings(headers: IncomingHttpHeaders, defaults: RequestSettings): RequestSettings {
  const unknown = Object.keys(headers).find((name) => name.startsWith('x-mock-') && !MOCK_HEADERS.includes(name));
  if (unknown !== undefined) throw new RangeError(`${unknown} is not a header the mock knows; use ${MOCK_HEADERS.join(', ')}.`);
  const scenario = header(headers, 'x-mock-scenario');
  const failTimes = header(headers, 'x-mock-fail-times');
  const tokensPerSecond = header(headers, 'x-mock-tokens-per-second');
  const ttftMs = header(headers, 'x-mock-ttft-ms');
  const tokens = header(headers, 'x-mock-tokens');
  return {
    scenario: scenario === undefined ? defaults.scenario : parseScenario(scenario, 'x-mock-scenario'),
    failTimes: failTimes === undefined ? defaults.failTimes : parseNonNegative(failTimes, 'x-mock-fail-times', true, 'decimal'),
    tokensPerSecond:
      tokensPerSecond === undefined ? defaults.tokensPerSecond : parseNonNegative(tokensPerSecond, 'x-mock-tokens-per-second', false, 'decimal'),
    ttftMs: ttftMs === undefined ? defaults.ttftMs : parseNonNegative(ttftMs, 'x-mock-ttft-ms', false, 'decimal'),
    tokens: tokens === undefined ? defaults.tokens : parseTokenCount(tokens, 'x-mock-tokens', 'decimal'),
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
