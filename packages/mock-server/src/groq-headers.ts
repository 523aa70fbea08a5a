import type { ChatRequest } from './validate-chat-request.js';

/** The requests-per-day limit that the mock's headers report on the on_demand tier: one request back every 6 s. */
export const REQUESTS_PER_DAY = 14_400;
/** The day over which a tier's used requests refill. */
export const MILLISECONDS_PER_DAY = 86_400_000;
/** The tokens-per-minute limit that the mock's headers and 429 message report on the on_demand tier. */
export const TOKENS_PER_MINUTE = 6_000;
/**
 * How many times on_demand's rate limits, of requests and of tokens, a request's tier has: flex 10 (Groq's
 * flex-processing docs: "10x higher rate limits compared to on-demand processing"), the others 1. Performance's limits
 * are capacity an enterprise buys, with no figure in Groq's docs, so the mock reports on_demand's.
 */
export function rateLimitFactor(serviceTier: ChatRequest['serviceTier']): number {
  return serviceTier === 'flex' ? 10 : 1;
}
/** The requests a day that `serviceTier` may send: {@link rateLimitFactor} times on_demand's {@link REQUESTS_PER_DAY}. */
export function requestsPerDay(serviceTier: ChatRequest['serviceTier']): number {
  return REQUESTS_PER_DAY * rateLimitFactor(serviceTier);
}
/**
 * The datacenter that served the request, as Groq names it in `x-groq-region` (airport-like codes: `dls`, `fra`,
 * `bom`, `yul`). Always Dallas: the mock is one place, and a fixed value keeps its answers reproducible.
 */
export const GROQ_REGION = 'dls';
// Tokens of the current minute already spent, as an ordinary answer's headers report them.
const ORDINARY_USED_TOKENS = 459;

/**
 * Groq's request id, region and rate-limit headers, sent on every `/openai/v1` response, with the limits of
 * `serviceTier` ({@link requestsPerDay}, {@link createTierTokenHeaders}): on_demand's but for a request for an answer
 * whose body names its tier.
 *
 * @param usedRequests - the requests of the tier's day's budget now used, from the server's request budget of that
 * tier (`createTierRequestBudgets`): a fraction once part of a request has refilled.
 */
export function createGroqHeaders(requestId: string, usedRequests: number, serviceTier: ChatRequest['serviceTier'] = 'on_demand'): Record<string, string> {
  const limit = requestsPerDay(serviceTier);
  const requests = createRequestHeaders(usedRequests, limit);
  const tokens = createTierTokenHeaders(serviceTier);
  return {
    'x-request-id': requestId,
    'x-groq-region': GROQ_REGION,
    'x-ratelimit-limit-requests': String(limit),
    'x-ratelimit-limit-tokens': tokens['x-ratelimit-limit-tokens'],
    'x-ratelimit-remaining-requests': requests['x-ratelimit-remaining-requests'],
    'x-ratelimit-remaining-tokens': tokens['x-ratelimit-remaining-tokens'],
    'x-ratelimit-reset-requests': requests['x-ratelimit-reset-requests'],
    'x-ratelimit-reset-tokens': tokens['x-ratelimit-reset-tokens'],
  };
}

/**
 * The request headers when `usedRequests` of the day's budget of `limit` are used. The budget refills steadily, so it
 * is back to its limit once the used requests have refilled. A request only partly refilled does not
 * remain yet, so the remaining requests are never more than a client may send.
 */
function createRequestHeaders(usedRequests: number, limit: number): { 'x-ratelimit-remaining-requests': string; 'x-ratelimit-reset-requests': string } {
  const used = Math.min(Math.max(usedRequests, 0), limit);
  const millisecondsPerRequest = MILLISECONDS_PER_DAY / limit;
  // Whole milliseconds, as the reset is written, so that both headers agree: a budget under a millisecond
  // from full reads `0s` and the whole limit remaining, never `0s` with a request missing.
  const refillMilliseconds = Math.round(used * millisecondsPerRequest);
  return {
    'x-ratelimit-remaining-requests': String(limit - Math.ceil(refillMilliseconds / millisecondsPerRequest)),
    'x-ratelimit-reset-requests': formatGroqDuration(refillMilliseconds / 1000),
  };
}

/** Groq's three headers of the tokens a minute. */
export interface TokenHeaders {
  'x-ratelimit-limit-tokens': string;
  'x-ratelimit-remaining-tokens': string;
  'x-ratelimit-reset-tokens': string;
}

/**
 * The token headers of an ordinary answer on `serviceTier`: its limit, and the usual tokens used, both
 * {@link rateLimitFactor} times on_demand's, so that the reset is the same on every tier.
 */
export function createTierTokenHeaders(serviceTier: ChatRequest['serviceTier']): TokenHeaders {
  const factor = rateLimitFactor(serviceTier);
  return createTokenHeaders(ORDINARY_USED_TOKENS * factor, TOKENS_PER_MINUTE * factor);
}

/**
 * The token headers when `usedTokens` of the minute's budget of `limit` are spent. The budget refills steadily,
 * so it is back to its limit once the used tokens have refilled.
 */
export function createTokenHeaders(usedTokens: number, limit: number): TokenHeaders {
  return {
    'x-ratelimit-limit-tokens': String(limit),
    'x-ratelimit-remaining-tokens': String(Math.max(limit - usedTokens, 0)),
    'x-ratelimit-reset-tokens': formatGroqDuration((usedTokens * 60) / limit),
  };
}

/**
 * Formats seconds the way Groq's headers and messages do, which is Go's `time.Duration` format with the
 * seconds rounded to hundredths: `640ms`, `7.66s`, `2m59.56s`, `1h0m0s`.
 */
export function formatGroqDuration(seconds: number): string {
  // Rounded first, so that 59.999 s reads `1m0s` and 0.9996 s reads `1s`, never `60s` or `1000ms`.
  const milliseconds = Math.round(seconds * 1000);
  if (milliseconds < 1000) return milliseconds > 0 ? `${milliseconds}ms` : '0s';
  const hundredths = Math.round(seconds * 100);
  const hours = Math.floor(hundredths / 360_000);
  const minutes = Math.floor((hundredths % 360_000) / 6_000);
  const rest = `${(hundredths % 6_000) / 100}s`;
  if (hours > 0) return `${hours}h${minutes}m${rest}`;
  return minutes > 0 ? `${minutes}m${rest}` : rest;
}
