const REQUESTS_PER_DAY = 14_400;
const TOKENS_PER_MINUTE = 6_000;

/**
 * Groq's request id and rate-limit headers, sent on every `/openai/v1` response.
 *
 * The remaining requests count down with the server's request count, like a real daily budget, so that
 * clients reading these headers see them move.
 */
export function createGroqHeaders(requestId: string, requestNumber: number): Record<string, string> {
  const usedRequests = Math.min(requestNumber, REQUESTS_PER_DAY);
  return {
    'x-request-id': requestId,
    'x-ratelimit-limit-requests': String(REQUESTS_PER_DAY),
    'x-ratelimit-limit-tokens': String(TOKENS_PER_MINUTE),
    'x-ratelimit-remaining-requests': String(REQUESTS_PER_DAY - usedRequests),
    'x-ratelimit-remaining-tokens': '5541',
    'x-ratelimit-reset-requests': formatGroqDuration((usedRequests * 86_400) / REQUESTS_PER_DAY),
    'x-ratelimit-reset-tokens': '4.59s',
  };
}

/** Formats seconds the way Groq's headers and messages do: `640ms`, `7.66s`, `2m59.56s`. */
export function formatGroqDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const minutes = Math.floor(seconds / 60);
  const rest = `${Number((seconds - minutes * 60).toFixed(2))}s`;
  return minutes > 0 ? `${minutes}m${rest}` : rest;
}
