import type { ChatCompletionFinishReason, CompletionUsage } from '../index.js';

/** A rate is shown when measured over this many milliseconds after the first token, at least. */
const minRateSpanMs = 250;
/** …and over this many tokens (or chunks), the first one with 5 after it. */
const minRateTokens = 6;

/** What the CLI measured and received for one streamed answer. */
export interface StreamSummary {
  /** Milliseconds from sending the request to the first token of text (or of reasoning, or of a tool call). */
  timeToFirstTokenMs: number | undefined;
  /** Milliseconds from sending the request to the end of the stream. */
  totalMs: number;
  /** Chunks that carried text; the rate falls back to them when the server sent no usage. */
  contentChunks: number;
  /** Chunks that carried tool calls: an answer of them alone is not an empty one. */
  toolCallChunks: number;
  /** `x_groq.usage` (or `usage`) of the last chunk. */
  usage: CompletionUsage | undefined;
  /** Why the answer ended; anything but `stop` is shown (`length`: cut by `--max-tokens`). */
  finishReason: ChatCompletionFinishReason | null | undefined;
}

/**
 * One line for stderr, e.g.
 * `first token 312 ms · 30.2 tokens/s · 14 prompt + 120 completion tokens · Groq queue 21 ms, compute 4.01 s`.
 * The rate counts from the first token to the end, so it measures generation, not waiting; without usage
 * from the server it counts chunks instead of tokens. Groq's `total_time` is its compute, the queue not in it.
 *
 * @param ascii - Parts set apart with ` | ` instead of ` · `, for a terminal that does not draw it (see
 *   terminalDrawsUnicode). Not ` - `, which reads as a minus beside the usage's `+`.
 */
export function formatSummary(summary: StreamSummary, { ascii = false }: { ascii?: boolean } = {}): string {
  const { timeToFirstTokenMs, totalMs, contentChunks, toolCallChunks, usage, finishReason } = summary;
  const parts: string[] = [];
  if (timeToFirstTokenMs !== undefined) parts.push(`first token ${formatDuration(timeToFirstTokenMs)}`);
  const generatingMs = totalMs - (timeToFirstTokenMs ?? totalMs);
  const [count, unit] = usage === undefined ? [contentChunks, 'chunks'] : [usage.completion_tokens, 'tokens'];
  // A rate needs a span to be one: an answer read in one burst (a buffering proxy, a short answer) gave
  // "26000 tokens/s". The demos' pages use the same rule.
  if (generatingMs >= minRateSpanMs && count >= minRateTokens) parts.push(`${formatRate(count / (generatingMs / 1000))} ${unit}/s`);
  else parts.push(`done in ${formatDuration(totalMs)}`);
  if (usage !== undefined) {
    parts.push(`${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion tokens`);
    const groq = [
      usage.queue_time === undefined ? undefined : `queue ${formatDuration(usage.queue_time * 1000)}`,
      usage.total_time === undefined ? undefined : `compute ${formatDuration(usage.total_time * 1000)}`,
    ].filter((part) => part !== undefined);
    if (groq.length > 0) parts.push(`Groq ${groq.join(', ')}`);
  }
  // No text came: without saying so, the line reads as the summary of an answer scrolled out of sight. Tool calls
  // are an answer, which the finish reason (tool_calls) names.
  if (contentChunks === 0 && toolCallChunks === 0 && finishReason !== 'length') parts.push('empty answer');
  if (finishReason === 'length') parts.push('stopped at the token limit');
  else if (finishReason !== undefined && finishReason !== null && finishReason !== 'stop') parts.push(`finish reason ${finishReason}`);
  return parts.join(ascii ? ' | ' : ' · ');
}

/** `0.42 ms`, `7.5 ms`, `312 ms`, `3.98 s`, `1 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 59_995) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}
