import type { ChatCompletionChoiceLogprobs, ChatCompletionTokenLogprob } from './types/chat-completion-token-logprob.js';

/** The token lists of one choice's `logprobs`, joined across chunks, by name (`content`, OpenAI's `refusal`…). */
export type LogprobLists = Map<string, ChatCompletionTokenLogprob[]>;

/**
 * Appends each list in a chunk's `logprobs` to the list of that name, made on first sight; a field that is
 * not a list (`null`) adds nothing. Returns the lists, `undefined` while no chunk has sent one.
 */
export function addLogprobLists(lists: LogprobLists | undefined, logprobs: object): LogprobLists | undefined {
  for (const name in logprobs) {
    const tokens: unknown = (logprobs as Record<string, unknown>)[name];
    if (!Array.isArray(tokens) || !Object.prototype.hasOwnProperty.call(logprobs, name)) continue;
    lists ??= new Map();
    let joined = lists.get(name);
    if (joined === undefined) lists.set(name, (joined = []));
    // Appended in place, one by one: copying the list for every chunk would make a long answer quadratic,
    // and `push(...tokens)` overflows the stack for a huge list.
    for (const token of tokens) joined.push(token as ChatCompletionTokenLogprob);
  }
  return lists;
}

/**
 * The joined lists as a choice's `logprobs` (copies, so that later chunks leave it as it is), with `content`
 * `null` when no list of that name came; `null` when no chunk sent a list, as a whole answer without logprobs has.
 */
export function logprobsOf(lists: LogprobLists | undefined): ChatCompletionChoiceLogprobs | null {
  if (lists === undefined) return null;
  // `fromEntries` defines fields: a list named `__proto__` stays a field.
  const copies = Object.fromEntries([...lists].map(([name, tokens]) => [name, [...tokens]]));
  return { ...copies, content: copies.content ?? null };
}
