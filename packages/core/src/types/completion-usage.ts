/**
 * Token counts and Groq's timings for one chat completion.
 *
 * Sent as `usage` on a non-streamed `ChatCompletion`, and on the last chunk of a stream both as
 * `x_groq.usage` and as the top-level `usage`. Token fields count tokens; `*_time` fields are seconds,
 * as floats (e.g. `0.000680594`).
 */
export interface CompletionUsage {
  /** Tokens in the input: the messages, tool definitions and any system text Groq adds. */
  prompt_tokens: number;
  /** Tokens the model generated, reasoning tokens included. */
  completion_tokens: number;
  /** `prompt_tokens + completion_tokens`. */
  total_tokens: number;
  /** Seconds the request waited in Groq's queue before processing began. Not part of `total_time`. */
  queue_time?: number;
  /** Seconds spent processing the input tokens (time to first token, minus queueing). */
  prompt_time?: number;
  /** Seconds spent generating the output tokens. */
  completion_time?: number;
  /** Seconds of processing: `prompt_time + completion_time`. Excludes `queue_time`. */
  total_time?: number;
  /** Where the input tokens came from, when Groq reports it. */
  prompt_tokens_details?: CompletionUsagePromptTokensDetails | null;
  /** What the output tokens were spent on, when Groq reports it. */
  completion_tokens_details?: CompletionUsageCompletionTokensDetails | null;
}

/** groq-sdk's nested names for the token breakdowns, such as `CompletionUsage.PromptTokensDetails`. */
export declare namespace CompletionUsage {
  /** {@link CompletionUsageCompletionTokensDetails}, under groq-sdk's name. */
  export type CompletionTokensDetails = CompletionUsageCompletionTokensDetails;
  /** {@link CompletionUsagePromptTokensDetails}, under groq-sdk's name. */
  export type PromptTokensDetails = CompletionUsagePromptTokensDetails;
}

/**
 * Breakdown of {@link CompletionUsage.prompt_tokens}. A stream refuses one whose `cached_tokens` is not a number
 * (`StreamInvalidDataError`); other members, such as OpenAI's `audio_tokens`, are passed on as they came.
 */
export interface CompletionUsagePromptTokensDetails {
  /**
   * Input tokens served from Groq's prompt cache instead of being processed again. Groq sends it in every
   * breakdown, as groq-sdk types it; an OpenAI-compatible server may leave it out or send `null`, which passes.
   */
  cached_tokens: number;
}

/**
 * Breakdown of {@link CompletionUsage.completion_tokens}. A stream refuses one whose `reasoning_tokens` is not a
 * number (`StreamInvalidDataError`); other members, such as OpenAI's `accepted_prediction_tokens`, are passed on
 * as they came.
 */
export interface CompletionUsageCompletionTokensDetails {
  /**
   * Output tokens spent on reasoning (reasoning models only); counted in `completion_tokens`. Groq sends it in
   * every breakdown, as groq-sdk types it; an OpenAI-compatible server may leave it out or send `null`, which passes.
   */
  reasoning_tokens: number;
}

/**
 * Per-model usage of a Compound (`groq/compound`, `groq/compound-mini`) request, which may call
 * several models to answer one request.
 */
export interface UsageBreakdown {
  /**
   * One entry per model that took part in the request. A list, as groq-sdk and Groq's API reference type it,
   * though Groq's answers for models other than Compound have carried `"usage_breakdown": { "models": null }`
   * (since then, `"usage_breakdown": null`); `finalChatCompletion()` keeps such a breakdown as it came. Where
   * that matters, read `usage_breakdown?.models ?? []`.
   */
  models: UsageBreakdownModel[];
}

/** The usage of one model inside a Compound request. */
export interface UsageBreakdownModel {
  /** ID of the model, e.g. `openai/gpt-oss-120b`. */
  model: string;
  /** Tokens and timings of this model alone. */
  usage: CompletionUsage;
}

/** groq-sdk's nested names for the parts of a usage breakdown, such as `ChatCompletion.UsageBreakdown.Model`. */
export declare namespace UsageBreakdown {
  /** {@link UsageBreakdownModel}, under groq-sdk's name. */
  export type Model = UsageBreakdownModel;
}
