import { MILLISECONDS_PER_REQUEST, REQUESTS_PER_DAY } from './groq-headers.js';

/** The requests-per-day budget of one server, which the `x-ratelimit-*-requests` headers report. */
export interface RequestBudget {
  /** Counts one request against the budget and returns the requests now used. */
  spend(): number;
  /** The requests now used, without counting one: for answers that are not counted, such as preflights. */
  used(): number;
  /** Refills the budget at once. */
  reset(): void;
}

/**
 * A budget that refills steadily, as Groq's does: the used requests come back at {@link REQUESTS_PER_DAY}
 * a day (one every 6 s), so that a client which waits when its headers say nothing remains gets going
 * again, however many requests a long run has made.
 *
 * Requests past the limit leave the budget spent, not deeper in debt: the mock still answers them (only
 * the `rate-limit` scenario answers 429), and the headers never ask for more than a day to refill.
 *
 * @param now - the clock in milliseconds; monotonic by default, so that a change of the wall clock
 * neither refills nor empties the budget. Tests pass fake times.
 */
export function createRequestBudget(now: () => number = () => performance.now()): RequestBudget {
  let used = 0;
  let updatedAt = now();
  const refill = (): number => {
    const time = now();
    // The same rate the reset header is written with, so that both agree (6 s is exactly one request).
    used = Math.max(used - (time - updatedAt) / MILLISECONDS_PER_REQUEST, 0);
    updatedAt = time;
    return used;
  };
  return {
    spend() {
      used = Math.min(refill() + 1, REQUESTS_PER_DAY);
      return used;
    },
    used: refill,
    reset() {
      used = 0;
      updatedAt = now();
    },
  };
}
