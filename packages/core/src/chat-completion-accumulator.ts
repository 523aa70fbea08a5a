import type { ChatCompletion, ChatCompletionChoice } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import type { ChatCompletionMessageToolCall } from './types/chat-completion-tool.js';
import type { CompletionUsage } from './types/completion-usage.js';

interface ChoiceState {
  content: string | undefined;
  reasoning: string | undefined;
  toolCalls: ChatCompletionMessageToolCall[];
  finishReason: ChatCompletionChoice['finish_reason'] | null;
  logprobs: ChatCompletionChoice['logprobs'];
}

/**
 * Merges the chunks of one streamed answer into the `ChatCompletion` a non-streaming call would have
 * returned: content and reasoning concatenated per choice, tool calls merged by index with their argument
 * strings joined, the finish reason of each choice, usage from `x_groq.usage` or `usage`, and the request id.
 */
export class ChatCompletionAccumulator {
  private first: ChatCompletionChunk | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private usage: CompletionUsage | undefined;
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
    if (chunk.x_groq?.id !== undefined) this.requestId ??= chunk.x_groq.id;
    const usage = chunk.x_groq?.usage ?? chunk.usage;
    if (usage) this.usage = usage;
    for (const choice of chunk.choices ?? []) {
      const state = this.choice(choice.index ?? 0);
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string') state.content = (state.content ?? '') + delta.content;
      if (typeof delta.reasoning === 'string') state.reasoning = (state.reasoning ?? '') + delta.reasoning;
      for (const call of delta.tool_calls ?? []) {
        const merged = (state.toolCalls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (call.id) merged.id = call.id;
        if (call.type) merged.type = call.type;
        if (call.function?.name) merged.function.name += call.function.name;
        if (call.function?.arguments) merged.function.arguments += call.function.arguments;
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
        const toolCalls = state.toolCalls.filter((call) => call !== undefined);
        return {
          index,
          message: {
            role: 'assistant',
            content: state.content ?? null,
            ...(state.reasoning === undefined ? {} : { reasoning: state.reasoning }),
            ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
          },
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
      ...(this.requestId === undefined ? {} : { x_groq: { id: this.requestId } }),
    };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (state === undefined) {
      state = { content: undefined, reasoning: undefined, toolCalls: [], finishReason: null, logprobs: null };
      this.choices.set(index, state);
    }
    return state;
  }
}
