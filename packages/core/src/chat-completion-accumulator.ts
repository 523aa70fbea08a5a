import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { isListOfObjects } from './is-object.js';
import type { ChatCompletion, ChatCompletionChoice, ChatCompletionMessage } from './types/chat-completion.js';
import type { ChatCompletionAnnotation } from './types/chat-completion-annotation.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import type { ServiceTier } from './types/chat-completion-create-params.js';
import type { ChatCompletionExecutedTool } from './types/chat-completion-executed-tool.js';
import type { ChatCompletionFunctionCall, ChatCompletionMessageToolCall } from './types/chat-completion-tool.js';
import type { CompletionUsage, UsageBreakdown } from './types/completion-usage.js';

interface ChoiceState {
  content: string | undefined;
  reasoning: string | undefined;
  toolCalls: Map<number, ChatCompletionMessageToolCall>;
  executedTools: Map<number, ChatCompletionExecutedTool>;
  annotations: ChatCompletionAnnotation[];
  functionCall: ChatCompletionFunctionCall | undefined;
  finishReason: ChatCompletionChoice['finish_reason'] | null;
  logprobs: ChatCompletionChoice['logprobs'];
}

/**
 * Merges the chunks of one streamed answer into the `ChatCompletion` a non-streaming call would have
 * returned: content and reasoning concatenated per choice, tool calls merged by index with their argument
 * strings joined, the tools a Compound model ran (`executed_tools`, by index), annotations, the finish
 * reason of each choice, usage from `x_groq.usage` or `usage` (and Compound's `usage_breakdown`), the
 * service tier, the seed and the request id.
 */
export class ChatCompletionAccumulator {
  private first: ChatCompletionChunk | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private usage: CompletionUsage | undefined;
  private usageBreakdown: UsageBreakdown | undefined;
  private seed: number | undefined;
  private serviceTier: ServiceTier | undefined;
  private requestId: string | undefined;

  /**
   * Starts with no chunks.
   *
   * @param requestId - Groq's request id (`x-request-id`), when known; otherwise the first chunk's `x_groq.id` is used.
   */
  constructor(requestId?: string) {
    this.requestId = requestId;
  }

  /** Adds the next chunk of the stream. */
  add(chunk: ChatCompletionChunk): void {
    this.first ??= chunk;
    if (typeof chunk.x_groq?.id === 'string') this.requestId ??= chunk.x_groq.id;
    const usage = chunk.x_groq?.usage ?? chunk.usage;
    if (usage) this.usage = usage;
    const breakdown = chunk.x_groq?.usage_breakdown;
    if (breakdown) this.usageBreakdown = breakdown;
    if (typeof chunk.x_groq?.seed === 'number') this.seed ??= chunk.x_groq.seed;
    if (typeof chunk.service_tier === 'string') this.serviceTier = chunk.service_tier;
    for (const choice of listOf(chunk.choices)) {
      const state = this.choice(indexOf(choice.index ?? 0, 'choice'));
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string') state.content = (state.content ?? '') + delta.content;
      if (typeof delta.reasoning === 'string') state.reasoning = (state.reasoning ?? '') + delta.reasoning;
      for (const call of listOf(delta.tool_calls)) {
        const index = indexOf(call.index, 'tool call');
        let merged = state.toolCalls.get(index);
        if (merged === undefined) state.toolCalls.set(index, (merged = { id: '', type: 'function', function: { name: '', arguments: '' } }));
        if (call.id) merged.id = call.id;
        if (call.type) merged.type = call.type;
        if (call.function?.name) merged.function.name += call.function.name;
        if (call.function?.arguments) merged.function.arguments += call.function.arguments;
      }
      // Unlike a tool call, an executed tool comes whole in each sighting (its arguments are complete JSON),
      // so a later sighting of the same index, e.g. one that adds the output, updates that tool in place.
      for (const tool of listOf(delta.executed_tools)) {
        const index = tool.index === undefined || tool.index === null ? state.executedTools.size : indexOf(tool.index, 'executed tool');
        const previous = state.executedTools.get(index) ?? { index, type: '', arguments: '' };
        state.executedTools.set(index, { ...previous, ...definedFields(tool), index });
      }
      if (delta.annotations) state.annotations.push(...delta.annotations);
      if (delta.function_call) {
        const merged = (state.functionCall ??= { name: '', arguments: '' });
        if (delta.function_call.name) merged.name += delta.function_call.name;
        if (delta.function_call.arguments) merged.arguments += delta.function_call.arguments;
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      if (choice.logprobs?.content) {
        state.logprobs = { ...state.logprobs, content: [...(state.logprobs?.content ?? []), ...choice.logprobs.content] };
      }
    }
  }

  /** The merged completion; throws if no chunk was added. */
  toChatCompletion(): ChatCompletion {
    const first = this.first;
    if (first === undefined) throw new TypeError('No chunks were received, so there is no completion to build.');
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]): ChatCompletionChoice => {
        const toolCalls = sortedValues(state.toolCalls);
        const executedTools = sortedValues(state.executedTools);
        // Groq's role chunk carries `content: ""`; a whole answer that only calls tools has `content: null`.
        const onlyCalls = state.content === '' && (toolCalls.length > 0 || state.functionCall !== undefined);
        const message: ChatCompletionMessage = { role: 'assistant', content: onlyCalls ? null : (state.content ?? null) };
        if (state.reasoning !== undefined) message.reasoning = state.reasoning;
        // Copies: the accumulator goes on merging into its own objects, and a completion taken mid-stream
        // (or changed by its reader) must not change with them.
        if (toolCalls.length > 0) message.tool_calls = toolCalls.map((call) => ({ ...call, function: { ...call.function } }));
        if (executedTools.length > 0) message.executed_tools = executedTools.map((tool) => ({ ...tool }));
        if (state.annotations.length > 0) message.annotations = [...state.annotations];
        if (state.functionCall !== undefined) message.function_call = { ...state.functionCall };
        return {
          index,
          message,
          // A choice without a finish_reason ended with the server's [DONE], which means a normal stop.
          finish_reason: state.finishReason ?? 'stop',
          logprobs: state.logprobs ?? null,
        };
      });
    return {
      id: first.id,
      object: 'chat.completion',
      created: first.created,
      model: first.model,
      ...(first.system_fingerprint === undefined ? {} : { system_fingerprint: first.system_fingerprint }),
      choices,
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      ...(this.usageBreakdown === undefined ? {} : { usage_breakdown: this.usageBreakdown }),
      ...(this.serviceTier === undefined ? {} : { service_tier: this.serviceTier }),
      ...(this.requestId === undefined ? {} : { x_groq: { id: this.requestId, ...(this.seed === undefined ? {} : { seed: this.seed }) } }),
    };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (state === undefined) {
      state = {
        content: undefined,
        reasoning: undefined,
        toolCalls: new Map(),
        executedTools: new Map(),
        annotations: [],
        functionCall: undefined,
        finishReason: null,
        logprobs: null,
      };
      this.choices.set(index, state);
    }
    return state;
  }
}

/** The fields of `value` that are not `undefined`, so that a later, partial sighting keeps earlier values. */
function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/**
 * A position the server gave (`choices[].index`, `tool_calls[].index`): a whole number from 0. Anything else
 * (`"__proto__"`, `4294967294`, `-1`) is the server's bad data, refused rather than used as a key.
 */
function indexOf(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new StreamInvalidDataError(`The server sent a ${what} whose index is not a whole number from 0: ${JSON.stringify(value)?.slice(0, 40)}.`, {
    data: JSON.stringify(value),
  });
}

/** The objects of a list the server sent; anything else in it is bad data. */
function listOf<T>(value: readonly T[] | null | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!isListOfObjects(value)) {
    throw new StreamInvalidDataError(`The server sent a list that is not a list of objects: ${JSON.stringify(value)?.slice(0, 80)}.`, { data: JSON.stringify(value) });
  }
  return value;
}

/** The values of a map keyed by index, in index order. */
function sortedValues<T>(map: Map<number, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
}
