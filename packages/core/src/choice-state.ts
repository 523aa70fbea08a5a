import { extraFieldsOf } from './extra-fields.js';
import { logprobsOf, type LogprobLists } from './logprob-lists.js';
import { optional } from './optional.js';
import type { ChatCompletionChoice, ChatCompletionMessage } from './types/chat-completion.js';
import type { ChatCompletionAnnotation } from './types/chat-completion-annotation.js';
import type { ChatCompletionExecutedTool } from './types/chat-completion-executed-tool.js';
import type { ChatCompletionFunctionCall, ChatCompletionMessageToolCall } from './types/chat-completion-tool.js';

/** What `ChatCompletionAccumulator` has merged of one choice so far. */
export interface ChoiceState {
  content: string | undefined;
  reasoning: string | undefined;
  /** OpenAI's `refusal` text (Groq documents none): `null` while only `null` came. */
  refusal: string | null | undefined;
  /** Each tool call by its index, with the fields of its pieces that the merge does not read. */
  toolCalls: Map<number, { call: ChatCompletionMessageToolCall; extras: Map<string, unknown> }>;
  /** The index of the tool call a piece last added to: where a piece without `index` or `id` goes on. */
  lastToolCall: number | undefined;
  executedTools: Map<number, ChatCompletionExecutedTool>;
  annotations: ChatCompletionAnnotation[];
  functionCall: ChatCompletionFunctionCall | undefined;
  finishReason: ChatCompletionChoice['finish_reason'] | null;
  /** The token lists of `logprobs` by name (`content`, and any other, such as OpenAI's `refusal`), once a chunk sent one or a `null`. */
  logprobLists: LogprobLists | undefined;
  /** Fields of the choice, and of its deltas, that the merge does not read. */
  choiceExtras: Map<string, unknown>;
  messageExtras: Map<string, unknown>;
}

/** A choice no chunk has added to yet. */
export function emptyChoiceState(): ChoiceState {
  return {
    content: undefined,
    reasoning: undefined,
    refusal: undefined,
    toolCalls: new Map(),
    lastToolCall: undefined,
    executedTools: new Map(),
    annotations: [],
    functionCall: undefined,
    finishReason: null,
    logprobLists: undefined,
    choiceExtras: new Map(),
    messageExtras: new Map(),
  };
}

/** The choice of a whole answer that a merged choice makes, at `index`. */
export function completedChoice(index: number, state: ChoiceState): ChatCompletionChoice {
  const toolCalls = sortedValues(state.toolCalls);
  const executedTools = sortedValues(state.executedTools);
  // Groq's role chunk carries `content: ""`; a whole answer that only calls tools has `content: null`.
  const onlyCalls = state.content === '' && (toolCalls.length > 0 || state.functionCall !== undefined);
  const message: ChatCompletionMessage = {
    ...extraFieldsOf(state.messageExtras),
    ...optional('refusal', state.refusal),
    role: 'assistant',
    content: onlyCalls ? null : (state.content ?? null),
  };
  if (state.reasoning !== undefined) message.reasoning = state.reasoning;
  // Copies: the accumulator goes on merging into its own objects, and a completion taken mid-stream
  // (or changed by its reader) must not change with them.
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map(({ call, extras }) => ({ ...extraFieldsOf(extras), ...call, function: { ...call.function } }));
  }
  if (executedTools.length > 0) message.executed_tools = executedTools.map((tool) => ({ ...tool }));
  if (state.annotations.length > 0) message.annotations = [...state.annotations];
  if (state.functionCall !== undefined) message.function_call = { ...state.functionCall };
  return {
    ...extraFieldsOf(state.choiceExtras),
    index,
    message,
    // A choice without a finish_reason ended with the server's [DONE], which means a normal stop.
    finish_reason: state.finishReason ?? 'stop',
    logprobs: logprobsOf(state.logprobLists),
  };
}

/** The values of a map keyed by index, in index order. */
function sortedValues<T>(map: Map<number, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
}
