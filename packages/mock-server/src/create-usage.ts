/** Groq's usage block, in the key order Groq sends it. Times are in seconds. */
export interface GroqUsage {
  queue_time: number;
  prompt_tokens: number;
  prompt_time: number;
  completion_tokens: number;
  completion_time: number;
  total_tokens: number;
  total_time: number;
}

// A plausible speed for unthrottled answers, so their times are not zero.
const NOMINAL_TOKENS_PER_SECOND = 1000;

/**
 * Usage figures derived from the token counts and the requested pace, not measured: the same request
 * always reports the same usage, which keeps snapshots of the app under test stable.
 */
export function createUsage(promptTokens: number, completionTokens: number, tokensPerSecond: number): GroqUsage {
  const promptTime = round(promptTokens * 0.00005);
  const completionTime = round(completionTokens / (tokensPerSecond > 0 ? tokensPerSecond : NOMINAL_TOKENS_PER_SECOND));
  return {
    queue_time: 0.021342,
    prompt_tokens: promptTokens,
    prompt_time: promptTime,
    completion_tokens: completionTokens,
    completion_time: completionTime,
    total_tokens: promptTokens + completionTokens,
    total_time: round(promptTime + completionTime),
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
