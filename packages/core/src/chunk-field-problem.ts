import type { ChoiceFieldProblem } from './choice-field-problem.js';
import { isNumberOrNothing } from './is-number-or-nothing.js';
import { isTextOrNothing } from './is-text-or-nothing.js';

/** The numbers of `CompletionUsage`: token counts, and times in seconds (floats). Only their JSON type is checked, not that a count is whole. */
export const usageNumbers = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'queue_time', 'prompt_time', 'completion_time', 'total_time'] as const;
/** `x_groq.usage`'s: those of `CompletionUsage`, and Groq's hardware cache counters (`XGroqCacheUsage`). */
export const xGroqUsageNumbers = [...usageNumbers, 'sram_cached_tokens', 'dram_cached_tokens'] as const;

/**
 * The first top-level field of a chat completion chunk whose value a reader would take as another type than
 * `ChatCompletionChunk` gives it, or `undefined` when there is none: `id`, `object`, `model`, `system_fingerprint`
 * and `service_tier` text, `created` a number, `usage`, `usage_breakdown` and `x_groq` objects; in `x_groq`, `id`
 * text, `seed` a number, `usage`, `usage_breakdown` and `debug` objects; in `usage` and `x_groq.usage` (what the
 * reader of the last chunk reads its token counts from), the token counts and times numbers, and in `x_groq.usage`
 * the cache counters too, and in both the token details (see `usageProblem`). Each may be `null` or absent; only the
 * JSON type is checked (an `object` other than `chat.completion.chunk`, a `service_tier` Groq adds later, a count
 * with a fraction all pass); the choices are `choiceFieldProblem`'s, and other fields are not looked at and pass on
 * as they came.
 *
 * A whole (non-streamed) answer has the same top-level fields, and is checked with this too (`chatCompletionShape`).
 *
 * It runs for every chunk: a few `typeof`s, nothing allocated unless a field is wrong. What is inside `usage`
 * and `x_groq` is looked at only on the chunks that carry them: the first and the last.
 */
export function chunkFieldProblem(chunk: object): ChoiceFieldProblem | undefined {
  const {
    id,
    object,
    created,
    model,
    system_fingerprint: systemFingerprint,
    service_tier: serviceTier,
    usage,
    usage_breakdown: chunkUsageBreakdown,
    x_groq: xGroq,
  } = chunk as Record<string, unknown>;
  if (!isTextOrNothing(id)) return { field: 'id', expected: 'text', value: id };
  if (!isTextOrNothing(object)) return { field: 'object', expected: 'text', value: object };
  if (!isNumberOrNothing(created)) return { field: 'created', expected: 'a number', value: created };
  if (!isTextOrNothing(model)) return { field: 'model', expected: 'text', value: model };
  if (!isTextOrNothing(systemFingerprint)) return { field: 'system_fingerprint', expected: 'text', value: systemFingerprint };
  if (!isTextOrNothing(serviceTier)) return { field: 'service_tier', expected: 'text', value: serviceTier };
  if (usage !== undefined && usage !== null) {
    const problem = usageProblem(usage, 'usage', usageNumbers);
    if (problem !== undefined) return problem;
  }
  if (!isObjectOrNothing(chunkUsageBreakdown)) return { field: 'usage_breakdown', expected: 'an object', value: chunkUsageBreakdown };
  if (xGroq === undefined || xGroq === null) return undefined;
  if (!isObjectOrNothing(xGroq)) return { field: 'x_groq', expected: 'an object', value: xGroq };
  const { id: requestId, seed, usage: xGroqUsage, usage_breakdown: usageBreakdown, debug } = xGroq as Record<string, unknown>;
  if (!isTextOrNothing(requestId)) return { field: 'x_groq.id', expected: 'text', value: requestId };
  if (!isNumberOrNothing(seed)) return { field: 'x_groq.seed', expected: 'a number', value: seed };
  if (xGroqUsage !== undefined && xGroqUsage !== null) {
    const problem = usageProblem(xGroqUsage, 'x_groq.usage', xGroqUsageNumbers);
    if (problem !== undefined) return problem;
  }
  // Objects, as `finalChatCompletion()` takes them; what is inside is passed on as it came.
  if (!isObjectOrNothing(usageBreakdown)) return { field: 'x_groq.usage_breakdown', expected: 'an object', value: usageBreakdown };
  if (!isObjectOrNothing(debug)) return { field: 'x_groq.debug', expected: 'an object', value: debug };
  return undefined;
}

/**
 * A `usage` at `at` (`usage`, `x_groq.usage`): an object whose `numbers` are numbers, and whose
 * `prompt_tokens_details` and `completion_tokens_details` are objects whose `cached_tokens` and
 * `reasoning_tokens` are numbers; each may be `null` or absent, as Groq sends `null` details and OpenAI-compatible
 * servers leave members out. Other members (OpenAI's `audio_tokens`, a count a server adds later) are not looked at.
 * Shared with `finalChatCompletion()`, which checks the usage of chunks added by hand before it keeps it.
 */
export function usageProblem(usage: unknown, at: string, numbers: readonly string[]): ChoiceFieldProblem | undefined {
  if (!isObjectOrNothing(usage)) return { field: at, expected: 'an object', value: usage };
  const fields = usage as Record<string, unknown>;
  for (let position = 0; position < numbers.length; position++) {
    const name = numbers[position]!;
    const value = fields[name];
    if (!isNumberOrNothing(value)) return { field: `${at}.${name}`, expected: 'a number', value };
  }
  // Only on the usage that carries them: the last chunk's, most often.
  const { prompt_tokens_details: prompt, completion_tokens_details: completion } = fields;
  if (prompt !== undefined && prompt !== null) {
    const problem = detailsProblem(prompt, at, 'prompt_tokens_details', 'cached_tokens');
    if (problem !== undefined) return problem;
  }
  if (completion !== undefined && completion !== null) return detailsProblem(completion, at, 'completion_tokens_details', 'reasoning_tokens');
  return undefined;
}

/** A breakdown of a usage's tokens (`at`.`name`), not `null` or absent: an object whose `count` is a number or none. */
function detailsProblem(details: unknown, at: string, name: string, count: string): ChoiceFieldProblem | undefined {
  if (!isObjectOrNothing(details)) return { field: `${at}.${name}`, expected: 'an object', value: details };
  const value = (details as Record<string, unknown>)[count];
  if (!isNumberOrNothing(value)) return { field: `${at}.${name}.${count}`, expected: 'a number', value };
  return undefined;
}

function isObjectOrNothing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
}
