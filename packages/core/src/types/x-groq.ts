import type { CompletionUsage, UsageBreakdown } from './completion-usage.js';

/**
 * Groq's own metadata on a streamed chunk. Different fields come on different chunks: `id` on the first
 * and the last chunk, `usage` on the last; `error` comes when the stream is cut short. Any field may be
 * `null` instead of absent.
 */
export interface XGroq {
  /** Groq's request ID (`req_…`); quote it when asking Groq support about a request. */
  id?: string | null;
  /** The sampling seed used for the request, whether you set one or Groq chose it. */
  seed?: number | null;
  /**
   * Token counts and timings (seconds) of the whole request, on the last chunk, with Groq's hardware cache
   * counters (`sram_cached_tokens`, `dram_cached_tokens`) as Groq sends them, which the top-level `usage`
   * and groq-sdk's chunk type lack.
   */
  usage?: (CompletionUsage & XGroqCacheUsage) | null;
  /** Per-model usage of a Compound request, on the last chunk. */
  usage_breakdown?: UsageBreakdown | null;
  /** Why Groq stopped the stream early, when it did. */
  error?: string | null;
  /** Input and output tokens, only when Groq's debug mode was requested. */
  debug?: XGroqDebug | null;
}

/** Groq's own metadata on a non-streamed `ChatCompletion`. */
export interface ChatCompletionXGroq {
  /** Groq's request ID (`req_…`); quote it when asking Groq support about a request. */
  id: string;
  /** The sampling seed used for the request, whether you set one or Groq chose it. */
  seed?: number | null;
  /** Groq's hardware cache counters. Token counts and timings are in the top-level `usage`. */
  usage?: XGroqCacheUsage | null;
  /** Input and output tokens, only when Groq's debug mode was requested. */
  debug?: XGroqDebug | null;
}

/**
 * Groq's hardware cache counters, as Groq sends them in `x_groq.usage` (of a whole answer, and of a stream's last
 * chunk beside the token counts) and as groq-sdk documents them: tokens served from Groq's SRAM and DRAM caches.
 * Neither says how they relate to `usage.prompt_tokens_details.cached_tokens`.
 */
export interface XGroqCacheUsage {
  /** Number of tokens served from Groq's SRAM cache. */
  sram_cached_tokens?: number;
  /** Number of tokens served from Groq's DRAM cache. */
  dram_cached_tokens?: number;
}

/** The tokens Groq saw and produced, only when Groq's debug mode was requested. */
export interface XGroqDebug {
  /** Token IDs of the input. */
  input_token_ids?: number[];
  /** Token strings of the input. */
  input_tokens?: string[];
  /** Token IDs of the output. */
  output_token_ids?: number[];
  /** Token strings of the output. */
  output_tokens?: string[];
}
