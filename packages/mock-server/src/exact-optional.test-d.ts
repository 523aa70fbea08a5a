import { expectTypeOf, test } from 'vitest';
import type { MockGroqServerOptions } from './mock-groq-server-options.js';
import type { MockScenario } from './scenarios.js';

// Meaningful under tsconfig.exact-optional.json (exactOptionalPropertyTypes), which `typecheck` runs.
interface SuiteConfig {
  port?: number;
  host?: string;
  tokens?: number;
  tokensPerSecond?: number;
  ttftMs?: number;
  scenario?: MockScenario;
  failTimes?: number;
  knownModelsOnly?: boolean;
  apiKeys?: string[];
  maxRecordedRequests?: number;
}
declare const config: SuiteConfig;

test('every option takes an explicit undefined (the default), such as a value read from optional config', () => {
  const options = {
    port: config.port,
    host: config.host,
    tokens: config.tokens,
    tokensPerSecond: config.tokensPerSecond,
    ttftMs: config.ttftMs,
    scenario: config.scenario,
    failTimes: config.failTimes,
    knownModelsOnly: config.knownModelsOnly,
    apiKeys: config.apiKeys,
    maxRecordedRequests: config.maxRecordedRequests,
  };
  expectTypeOf(options).toExtend<MockGroqServerOptions>();
});
