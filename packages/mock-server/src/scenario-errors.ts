import { createTokenHeaders, formatGroqDuration, tokenRefillSeconds, TOKENS_PER_MINUTE } from './groq-headers.js';
import { groqError, type GroqErrorBody } from './send-json.js';

// The minute of the `rate-limit` scenario: the tokens already used plus those requested exceed the limit
// by a few, which refill in under a second, so that retry tests stay fast.
const RATE_LIMIT_USED_TOKENS = 5_671;
const RATE_LIMIT_REQUESTED_TOKENS = 412;
const RATE_LIMIT_WAIT_SECONDS = tokenRefillSeconds(RATE_LIMIT_USED_TOKENS + RATE_LIMIT_REQUESTED_TOKENS - TOKENS_PER_MINUTE);

/** `retry-after` of the `rate-limit` scenario: the wait that its message asks for, in whole seconds. */
const RATE_LIMIT_RETRY_AFTER_SECONDS = Math.ceil(RATE_LIMIT_WAIT_SECONDS);

/** The 429 body of the `rate-limit` scenario, worded like Groq's tokens-per-minute limit. */
export function rateLimitError(model: string): GroqErrorBody {
  return groqError(
    `Rate limit reached for model \`${model}\` in organization \`org_mock\` service tier \`on_demand\` on tokens per minute (TPM): ` +
      `Limit ${TOKENS_PER_MINUTE}, Used ${RATE_LIMIT_USED_TOKENS}, Requested ${RATE_LIMIT_REQUESTED_TOKENS}. ` +
      `Please try again in ${formatGroqDuration(RATE_LIMIT_WAIT_SECONDS)}. ` +
      'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
    'tokens',
    'rate_limit_exceeded',
  );
}

/**
 * The headers of the `rate-limit` scenario's 429, which agree with its message: the tokens remaining are
 * the limit less those used, and the budget is back to its limit once the used tokens have refilled.
 */
export function rateLimitHeaders(): Record<string, string> {
  return { 'retry-after': String(RATE_LIMIT_RETRY_AFTER_SECONDS), ...createTokenHeaders(RATE_LIMIT_USED_TOKENS) };
}

// The day of the `rate-limit-daily` scenario: tokens per day (TPD), a limit Groq applies beside the minute's, whose
// used tokens refill over the day, so that the tokens requested past the limit take minutes to come back.
const TOKENS_PER_DAY = 500_000;
const DAILY_USED_TOKENS = 499_700;
const DAILY_REQUESTED_TOKENS = 2_412;
const DAILY_WAIT_SECONDS = ((DAILY_USED_TOKENS + DAILY_REQUESTED_TOKENS - TOKENS_PER_DAY) * 86_400) / TOKENS_PER_DAY;

/**
 * The 429 body of the `rate-limit-daily` scenario, worded like Groq's tokens-per-day limit: the wait it asks for
 * is minutes (6m4.95s), more than clients wait before a retry of their own.
 */
export function dailyRateLimitError(model: string): GroqErrorBody {
  return groqError(
    `Rate limit reached for model \`${model}\` in organization \`org_mock\` service tier \`on_demand\` on tokens per day (TPD): ` +
      `Limit ${TOKENS_PER_DAY}, Used ${DAILY_USED_TOKENS}, Requested ${DAILY_REQUESTED_TOKENS}. ` +
      `Please try again in ${formatGroqDuration(DAILY_WAIT_SECONDS)}. ` +
      'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
    'tokens',
    'rate_limit_exceeded',
  );
}

/**
 * The headers of the `rate-limit-daily` scenario's 429: `retry-after` is its message's wait in whole seconds. The
 * `x-ratelimit-*` headers are the ordinary ones (set for every response): Groq's describe requests a day and
 * tokens a minute, so they say nothing of this limit, and `x-ratelimit-reset-tokens` (seconds) is no wait for it.
 */
export function dailyRateLimitHeaders(): Record<string, string> {
  return { 'retry-after': String(Math.ceil(DAILY_WAIT_SECONDS)) };
}

/** The 498 body of the `capacity` scenario: the flex service tier has no capacity left for now. */
export function capacityError(): GroqErrorBody {
  return groqError(
    'The flex service tier is at capacity right now (mock scenario `capacity`). Please retry your request later, or use the on_demand service tier.',
    'capacity_exceeded',
    'capacity_exceeded',
  );
}

/** The `x_groq.error` string of the `stopped-early` scenario: why the stream was stopped early. */
export const STOPPED_EARLY_REASON = 'The response was stopped early: the model exceeded its generation limits (mock scenario `stopped-early`).';

/** The 500 body of the `stopped-early` scenario without a stream, where no chunk can carry `x_groq.error`. */
export function stoppedEarlyError(): GroqErrorBody {
  return groqError(STOPPED_EARLY_REASON, 'internal_server_error', 'internal_server_error');
}

/** The 500 body of the `server-error` scenario. */
export function serverError(): GroqErrorBody {
  return groqError(
    'The server had an error while processing your request (mock scenario `server-error`). Please retry your request.',
    'internal_server_error',
    'internal_server_error',
  );
}

/** The 502 body of the `bad-gateway` scenario: a server in front of the model got no valid answer from it. */
export function badGatewayError(): GroqErrorBody {
  return groqError(
    'Bad Gateway: the server received an invalid response from an upstream server (mock scenario `bad-gateway`). Please retry your request.',
    'internal_server_error',
    'bad_gateway',
  );
}

/** The 503 body of the `service-unavailable` scenario: overloaded or in maintenance. */
export function serviceUnavailableError(): GroqErrorBody {
  return groqError(
    'Service Unavailable: the server is overloaded or down for maintenance (mock scenario `service-unavailable`). Please retry your request later.',
    'internal_server_error',
    'service_unavailable',
  );
}

/** The error of the `mid-stream-error` scenario: an `event: error` frame in a stream, or a 500 body without one. */
export function streamError(): GroqErrorBody {
  return groqError(
    'The server had an error while generating the response (mock scenario `mid-stream-error`). Please retry your request.',
    'internal_server_error',
    'internal_server_error',
  );
}
