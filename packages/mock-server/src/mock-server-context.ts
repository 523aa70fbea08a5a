import type { RequestSettings } from './mock-groq-server-options.js';
import type { MockStatsStore } from './mock-stats.js';
import type { TierRequestBudgets } from './request-budget.js';
import type { ScenarioCounter } from './scenarios.js';

/** State shared by every request of one server. */
export interface MockServerContext {
  defaults: RequestSettings;
  knownModelsOnly: boolean;
  /** The keys accepted, or undefined for any non-empty key. */
  apiKeys: ReadonlySet<string> | undefined;
  stats: MockStatsStore;
  /** The requests-per-day budgets, one a tier, that the rate-limit headers report. */
  requestBudgets: TierRequestBudgets;
  scenarios: ScenarioCounter;
  /** Set by `close()` before it destroys the sockets: the streams it cuts were not closed by their clients. */
  closing: boolean;
  /** Zeroes the counters, the recorded requests and the per-scenario fail-times counts, and refills the request budgets. */
  reset(): void;
}
