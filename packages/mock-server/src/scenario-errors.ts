import { formatGroqDuration } from './groq-headers.js';
import { groqError, type GroqErrorBody } from './send-json.js';

/** `retry-after` of the `rate-limit` scenario: whole seconds, kept short so that retry tests stay fast. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 1;

/** The 429 body of the `rate-limit` scenario, worded like Groq's tokens-per-minute limit. */
export function rateLimitError(model: string): GroqErrorBody {
  const tryAgainIn = formatGroqDuration(RATE_LIMIT_RETRY_AFTER_SECONDS - 0.17);
  return groqError(
    `Rate limit reached for model \`${model}\` in organization \`org_mock\` service tier \`on_demand\` on tokens per minute (TPM): ` +
      `Limit 6000, Used 5871, Requested 412. Please try again in ${tryAgainIn}. ` +
      'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
    'tokens',
    'rate_limit_exceeded',
  );
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

/** The error of the `mid-stream-error` scenario: an `event: error` frame in a stream, or a 500 body without one. */
export function streamError(): GroqErrorBody {
  return groqError(
    'The server had an error while generating the response (mock scenario `mid-stream-error`). Please retry your request.',
    'internal_server_error',
    'internal_server_error',
  );
}
