import type { ChatCompletionChoiceLogprobs, ChatCompletionTokenLogprob } from './types/chat-completion-token-logprob.js';

/**
 * The token lists of one choice's `logprobs`, joined across chunks, by name (`content`, OpenAI's `refusal`…);
 * `null` for a name the server sent only as `null`.
 */
export type LogprobLists = Map<string, ChatCompletionTokenLogprob[] | null>;

/**
 * Appends each list in a chunk's `logprobs` to the list of that name, made on first sight; a name sent as
 * `null` is noted as `null` until a list of that name comes. Any other value adds nothing. Returns the lists,
 * `undefined` while no chunk has sent a list or a `null`.
 */
export function addLogprobLists(lists: LogprobLists | undefined, logprobs: object): LogprobLists | undefined {
  for (const name in logprobs) {
    const tokens: unknown = (logprobs as Record<string, unknown>)[name];
    if (!Object.prototype.hasOwnProperty.call(logprobs, name)) continue;
    if (tokens === null) {
      // As the server sent it (OpenAI's `refusal: null` beside the content tokens), unless a list came.
      if (!lists?.has(name)) (lists ??= new Map()).set(name, null);
      continue;
    }
    if (!Array.isArray(tokens)) continue;
    lists ??= new Map();
    let joined = lists.get(name);
    if (joined === undefined || joined === null) lists.set(name, (joined = []));
    // Appended in place, one by one: copying the list for every chunk would make a long answer quadratic,
    // and `push(...tokens)` overflows the stack for a huge list.
    for (const token of tokens) joined.push(token as ChatCompletionTokenLogprob);
  }
  return lists;
}

/**
 * The joined lists as a choice's `logprobs` (copies, so that later chunks leave it as it is), a name the
 * server sent only as `null` kept as `null`, and `content` `null` when no list of that name came; `null` when
 * no chunk sent a list, as a whole answer without logprobs has.
 */
export function logprobsOf(lists: LogprobLists | undefined): ChatCompletionChoiceLogprobs | null {
  if (lists === undefined || ![...lists.values()].some((tokens) => tokens !== null)) return null;
  // `fromEntries` defines fields: a list named `__proto__` stays a field.
  const copies = Object.fromEntries([...lists].map(([name, tokens]) => [name, tokens === null ? null : [...tokens]]));
  return { ...copies, content: copies.content ?? null };
}
