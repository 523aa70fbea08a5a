import { createTokenHeaders, formatGroqDuration, rateLimitFactor, TOKENS_PER_MINUTE } from './groq-headers.js';
import { groqError, type GroqErrorBody } from './send-json.js';
import type { ChatRequest } from './validate-chat-request.js';

/** The figures of a token limit that a 429 reports in Groq's words: the limit, and how far a request goes past it. */
export interface TokenRateLimit {
  /** How the message names the limit: `tokens per minute (TPM)`. */
  readonly period: string;
  readonly limit: number;
  readonly used: number;
  readonly requested: number;
  /** Seconds until enough of the used tokens have refilled for the request: the wait the message asks for. */
  readonly waitSeconds: number;
}

/**
 * The figures of a limit of `limit` tokens per `periodSeconds` on on_demand, whose used tokens refill evenly over the
 * period, on `serviceTier`: all {@link rateLimitFactor} times as many, so that the wait is the same on every tier.
 */
function tokenRateLimit(
  serviceTier: ChatRequest['serviceTier'],
  { periodSeconds, period, ...onDemand }: Omit<TokenRateLimit, 'waitSeconds'> & { periodSeconds: number },
): TokenRateLimit {
  const factor = rateLimitFactor(serviceTier);
  const [limit, used, requested] = [onDemand.limit * factor, onDemand.used * factor, onDemand.requested * factor];
  return { period, limit, used, requested, waitSeconds: ((used + requested - limit) * periodSeconds) / limit };
}

/**
 * The minute of the `rate-limit` scenario on `serviceTier`: the tokens already used plus those requested exceed the
 * limit by a few, which refill in under a second, so that retry tests stay fast.
 */
export function minuteTokenLimit(serviceTier: ChatRequest['serviceTier']): TokenRateLimit {
  return tokenRateLimit(serviceTier, { period: 'tokens per minute (TPM)', periodSeconds: 60, limit: TOKENS_PER_MINUTE, used: 5_671, requested: 412 });
}

/**
 * The day of the `rate-limit-daily` scenario on `serviceTier`: tokens per day (TPD), a limit Groq applies beside the
 * minute's, whose used tokens refill over the day, so that the tokens requested past the limit take minutes to come back.
 */
export function dailyTokenLimit(serviceTier: ChatRequest['serviceTier']): TokenRateLimit {
  return tokenRateLimit(serviceTier, { period: 'tokens per day (TPD)', periodSeconds: 86_400, limit: 500_000, used: 499_700, requested: 2_412 });
}

/**
 * The 429 body of a token limit in Groq's wording: of the `rate-limit` scenario with {@link minuteTokenLimit}, of
 * `rate-limit-daily` with {@link dailyTokenLimit}, whose wait is minutes (6m4.95s), more than clients wait before
 * a retry of their own.
 *
 * @param serviceTier - the tier the request is served on (`ChatRequest.serviceTier`), which Groq's message names:
 * a flex request is held to the flex tier's limits, not on_demand's.
 */
export function rateLimitError(model: string, serviceTier: ChatRequest['serviceTier'], { period, limit, used, requested, waitSeconds }: TokenRateLimit): GroqErrorBody {
  return groqError(
    `Rate limit reached for model \`${model}\` in organization \`org_mock\` service tier \`${serviceTier}\` on ${period}: ` +
      `Limit ${limit}, Used ${used}, Requested ${requested}. ` +
      `Please try again in ${formatGroqDuration(waitSeconds)}. ` +
      rateLimitAdvice(serviceTier),
    'tokens',
    'rate_limit_exceeded',
  );
}

/** The tokens that the `request-too-large` scenario says a request asks for on on_demand: half again its limit a minute. */
const REQUEST_TOO_LARGE_TOKENS = 9_000;

/**
 * The 413 body of the `request-too-large` scenario: Groq refuses a request whose tokens (the prompt and the
 * completion it allows) are more than its tier's limit a minute, before it uses any, with the type and code of
 * its 429 and the same closing advice. Clients do not retry it, as waiting gets the same answer.
 */
export function requestTooLargeError(model: string, serviceTier: ChatRequest['serviceTier']): GroqErrorBody {
  const { limit } = minuteTokenLimit(serviceTier);
  return groqError(
    `Request too large for model \`${model}\` in organization \`org_mock\` service tier \`${serviceTier}\` on tokens per minute (TPM): ` +
      `Limit ${limit}, Requested ${REQUEST_TOO_LARGE_TOKENS * rateLimitFactor(serviceTier)}, please reduce your message size and try again. ` +
      rateLimitAdvice(serviceTier),
    'tokens',
    'rate_limit_exceeded',
  );
}

/**
 * The sentence that ends Groq's 429, and its 413 for a request over the limit a minute. On on_demand, the tier free
 * organizations are on, Groq offers its Dev Tier, with a link to billing that LangChain reads as an exhausted quota
 * (it does not retry that 429). Flex is open to paid organizations only and performance to enterprise ones, whom
 * that offer does not fit: their 429 ends with the pointer to the rate-limits page that Groq's 429s carried before
 * the offer (Groq documents neither wording).
 */
function rateLimitAdvice(serviceTier: ChatRequest['serviceTier']): string {
  return serviceTier === 'on_demand'
    ? 'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing'
    : 'Visit https://console.groq.com/docs/rate-limits for more information.';
}

/**
 * The headers of the `rate-limit` scenario's 429 on `serviceTier`, which agree with its message: `retry-after` is its
 * wait in whole seconds, the tokens remaining are the limit less those used, and the budget is back to its limit
 * once the used tokens have refilled.
 */
export function rateLimitHeaders(serviceTier: ChatRequest['serviceTier']): Record<string, string> {
  const { waitSeconds, used, limit } = minuteTokenLimit(serviceTier);
  return { 'retry-after': String(Math.ceil(waitSeconds)), ...createTokenHeaders(used, limit) };
}

/**
 * The headers of the `rate-limit-daily` scenario's 429 on `serviceTier`: `retry-after` is its message's wait in whole
 * seconds. The `x-ratelimit-*` headers are the ordinary ones (set for every response): Groq's describe
 * requests a day and tokens a minute, so they say nothing of this limit, and `x-ratelimit-reset-tokens` (seconds) is
 * no wait for it.
 */
export function dailyRateLimitHeaders(serviceTier: ChatRequest['serviceTier']): Record<string, string> {
  return { 'retry-after': String(Math.ceil(dailyTokenLimit(serviceTier).waitSeconds)) };
}

/**
 * The 498 body of the `capacity` scenario for a flex request: the flex service tier has no capacity left for now.
 * Groq's message says "`flex` tier capacity exceeded", words that clients match on (the rest of its wording is the
 * mock's own); the status and `capacity_exceeded` are what Groq documents.
 */
export function capacityError(): GroqErrorBody {
  return groqError(
    '`flex` tier capacity exceeded (mock scenario `capacity`). Please retry your request later, with jittered backoff, or use the `on_demand` service tier.',
    'capacity_exceeded',
    'capacity_exceeded',
  );
}

/**
 * The 503 body of the `capacity` scenario for a request on another tier than flex. Groq answers 498 to flex requests
 * only (its flex-processing docs); on the others, a service out of capacity is the overload that its 503 stands for
 * (maintenance or overload, in its error codes). The wording and `code` are the mock's own.
 */
export function overCapacityError(): GroqErrorBody {
  return groqError(
    'Service Unavailable: the model is over capacity (mock scenario `capacity`; a `flex` request gets 498). Please retry your request later.',
    'internal_server_error',
    'service_unavailable',
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

/** The status of the `mid-stream-error` scenario's answer without a stream, which its error frame names too. */
export const STREAM_ERROR_STATUS = 500;

/** The error of the `mid-stream-error` scenario: the 500 body without a stream, and, with its status, the error frame of a stream ({@link streamErrorFrame}). */
export function streamError(): GroqErrorBody {
  return groqError(
    'The server had an error while generating the response (mock scenario `mid-stream-error`). Please retry your request.',
    'internal_server_error',
    'internal_server_error',
  );
}

/**
 * The data of the `event: error` frame that breaks a chat stream in the `mid-stream-error` and `error-then-stall`
 * scenarios: {@link streamError}'s body with `status_code` last, the status the answer has without a stream. Groq's
 * own error frames carry the status the request would have got that way (a gpt-oss stream that did not call the
 * tool `tool_choice` required ends with `{"error":{…,"code":"tool_use_failed","failed_generation":"","status_code":400}}`);
 * the error bodies it answers with a status carry none.
 */
export function streamErrorFrame(): { error: GroqErrorBody['error'] & { status_code: number } } {
  return { error: { ...streamError().error, status_code: STREAM_ERROR_STATUS } };
}
