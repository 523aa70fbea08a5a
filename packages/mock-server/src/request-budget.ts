import { MILLISECONDS_PER_DAY, REQUESTS_PER_DAY, requestsPerDay } from './groq-headers.js';
import type { ChatRequest } from './validate-chat-request.js';

/** The requests-per-day budget of one tier of one server, which the `x-ratelimit-*-requests` headers report. */
export interface RequestBudget {
  /** Counts one request against the budget and returns the requests now used. */
  spend(): number;
  /** The requests now used, without counting one: for answers that are not counted, such as preflights. */
  used(): number;
  /** Refills the budget at once. */
  reset(): void;
}

/**
 * The request budgets of one server, one for each tier a request is served on: Groq holds a request to its tier's
 * limits only (flex-processing docs: `flex` "only uses flex tier limits", `on_demand` "only uses on_demand rate
 * limits"), so a flex request leaves on_demand's budget as it was. Each has its tier's {@link requestsPerDay}.
 */
export type TierRequestBudgets = Readonly<Record<ChatRequest['serviceTier'], RequestBudget>>;

/** A {@link createRequestBudget} for each tier, of its tier's limit. */
export function createTierRequestBudgets(now?: () => number): TierRequestBudgets {
  const budget = (tier: ChatRequest['serviceTier']): RequestBudget => createRequestBudget(now, requestsPerDay(tier));
  return { on_demand: budget('on_demand'), flex: budget('flex'), performance: budget('performance') };
}

/**
 * A budget of `limit` requests a day that refills steadily, as Groq's does: the used requests come back at `limit`
 * a day (one every 6 s for on_demand's {@link REQUESTS_PER_DAY}), so that a client which waits when its headers say
 * nothing remains gets going again, however many requests a long run has made.
 *
 * Requests past the limit leave the budget spent, not deeper in debt: the mock still answers them (only
 * the `rate-limit` scenario answers 429), and the headers never ask for more than a day to refill.
 *
 * @param now - the clock in milliseconds; monotonic by default, so that a change of the wall clock
 * neither refills nor empties the budget. Tests pass fake times.
 */
export function createRequestBudget(now: () => number = () => performance.now(), limit = REQUESTS_PER_DAY): RequestBudget {
  // The same rate the reset header is written with (createGroqHeaders), so that both agree.
  const millisecondsPerRequest = MILLISECONDS_PER_DAY / limit;
  let used = 0;
  let updatedAt = now();
  const refill = (): number => {
    const time = now();
    used = Math.max(used - (time - updatedAt) / millisecondsPerRequest, 0);
    updatedAt = time;
    return used;
  };
  return {
    spend() {
      used = Math.min(refill() + 1, limit);
      return used;
    },
    used: refill,
    reset() {
      used = 0;
      updatedAt = now();
    },
  };
}
