/** Groq's usage block, in the key order Groq sends it. Times are in seconds. */
export interface GroqUsage {
  queue_time: number;
  prompt_tokens: number;
  prompt_time: number;
  completion_tokens: number;
  completion_time: number;
  total_tokens: number;
  total_time: number;
  /** Of the completion tokens, those of reasoning (parsed or hidden); only when the model reasoned, as on Groq. */
  completion_tokens_details?: { reasoning_tokens: number };
}

// A plausible speed for unthrottled answers, so their times are not zero.
const NOMINAL_TOKENS_PER_SECOND = 1000;

/**
 * Usage figures derived from the token counts and the requested pace, not measured: the same request
 * always reports the same usage, which keeps snapshots of the app under test stable. `reasoningTokens` (part
 * of `completionTokens`) are reported in `completion_tokens_details`, as Groq does for reasoning models.
 */
export function createUsage(promptTokens: number, completionTokens: number, tokensPerSecond: number, reasoningTokens = 0): GroqUsage {
  const promptTime = round(promptTokens * 0.00005);
  const completionTime = round(completionTokens / (tokensPerSecond > 0 ? tokensPerSecond : NOMINAL_TOKENS_PER_SECOND));
  const usage: GroqUsage = {
    queue_time: 0.021342,
    prompt_tokens: promptTokens,
    prompt_time: promptTime,
    completion_tokens: completionTokens,
    completion_time: completionTime,
    total_tokens: promptTokens + completionTokens,
    total_time: round(promptTime + completionTime),
  };
  if (reasoningTokens > 0) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return usage;
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
