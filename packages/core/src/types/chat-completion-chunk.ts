import type { ChatCompletionFinishReason } from './chat-completion.js';
import type { ChatCompletionAnnotation } from './chat-completion-annotation.js';
import type { ChatCompletionExecutedTool } from './chat-completion-executed-tool.js';
import type { ChatCompletionChoiceLogprobs } from './chat-completion-token-logprob.js';
import type { ServiceTier } from './chat-completion-create-params.js';
// `as`: an import keeps the type's nested names, which a `type` alias would drop.
import type { CompletionUsage, UsageBreakdown as PackageUsageBreakdown } from './completion-usage.js';
import type { XGroq, XGroqDebug } from './x-groq.js';

/**
 * One server-sent event of a streamed answer (`stream: true`). Join the `delta`s of a choice, in order,
 * to rebuild the message. The stream ends with `data: [DONE]`, which is not a chunk.
 */
export interface ChatCompletionChunk {
  /** ID of the completion (`chatcmpl-…`); the same on every chunk of one answer. */
  id: string;
  /** Always `chat.completion.chunk`. */
  object: 'chat.completion.chunk';
  /** When the completion was created, in Unix seconds; the same on every chunk. */
  created: number;
  /** ID of the model that answers. */
  model: string;
  /** Identifies the backend configuration; when it changes, the same `seed` may give other answers. */
  system_fingerprint?: string;
  /**
   * The new part of each answer; one choice, as Groq supports only `n: 1`. Empty on the chunk that only
   * carries `usage` (with `stream_options: { include_usage: true }`).
   */
  choices: ChatCompletionChunkChoice[];
  /** Token counts and timings (seconds) of the whole request, on the last chunk; absent or `null` before. */
  usage?: CompletionUsage | null;
  /** The capacity tier that served the request. */
  service_tier?: ServiceTier | null;
  /**
   * Per-model usage of a Compound request, as in `x_groq.usage_breakdown`, which Groq also sends here (groq-sdk's
   * chunk type lacks it); `null` when there is none. `finalChatCompletion()` takes `x_groq`'s when both came.
   */
  usage_breakdown?: PackageUsageBreakdown | null;
  /** Groq's own metadata: request ID and seed first, usage last, and `error` if the stream was cut short. */
  x_groq?: XGroq;
}

/** The new part of one answer in a {@link ChatCompletionChunk}. */
export interface ChatCompletionChunkChoice {
  /** Position of the answer in `choices`; deltas with the same index belong together. */
  index: number;
  /** What this chunk adds to the message. */
  delta: ChatCompletionChunkDelta;
  /** Why the model stopped; `null` on every chunk but the last of this choice. */
  finish_reason: ChatCompletionFinishReason | null;
  /** Log probabilities of this chunk's tokens, or `null` unless requested with `logprobs: true` (which some Groq models refuse). */
  logprobs?: ChatCompletionChoiceLogprobs | null;
}

/**
 * What one chunk adds to the message. Strings are pieces to append; the first chunk has
 * `{ role: 'assistant', content: '' }` and the last is often `{}`.
 */
export interface ChatCompletionChunkDelta {
  /** The author of the message, on the first chunk of the choice only (in practice `assistant`). */
  role?: 'assistant' | 'system' | 'user' | 'tool';
  /** The next piece of the answer's text. */
  content?: string | null;
  /** The next piece of the model's reasoning (reasoning models with `reasoning_format: 'parsed'`). */
  reasoning?: string | null;
  /** Pieces of function calls; merge them by `index`. */
  tool_calls?: ChatCompletionChunkToolCallDelta[];
  /** Tools Groq ran itself while answering (Compound and built-in tools). */
  executed_tools?: ChatCompletionExecutedTool[];
  /** Citations of documents and tool results in the content. */
  annotations?: ChatCompletionAnnotation[];
  /**
   * A piece of the function call made through the deprecated `functions` parameter.
   * @deprecated Use `tools`; calls then come in `tool_calls`.
   */
  function_call?: {
    /** The function's name, on the first piece. */
    name?: string;
    /** The next piece of the arguments' JSON text. */
    arguments?: string;
  };
}

/**
 * A piece of one function call. The first piece of a call has `id`, `type` and `function.name`; later
 * pieces with the same `index` add to `function.arguments`, which is complete JSON only once joined.
 */
export interface ChatCompletionChunkToolCallDelta {
  /** Position of the call in the message's `tool_calls`; the key for merging pieces. */
  index: number;
  /** ID of the call, on its first piece. */
  id?: string;
  /** Always `function`, on the first piece. */
  type?: 'function';
  /** The function's name and the next piece of its arguments. */
  function?: {
    /** Name of the function, on the first piece. */
    name?: string;
    /** The next piece of the arguments' JSON text; join all pieces before parsing. */
    arguments?: string;
  };
}

// Named outside the namespaces below, where `XGroq` and `UsageBreakdown` mean the namespaces' own members
// (and the bundled declarations name each type once).
type PackageXGroq = XGroq;

/** groq-sdk's nested names for the parts of a chunk, such as `ChatCompletionChunk.Choice.Delta`. */
export declare namespace ChatCompletionChunk {
  /** {@link ChatCompletionChunkChoice}, under groq-sdk's name. */
  export type Choice = ChatCompletionChunkChoice;
  /** groq-sdk's nested names for the parts of a choice. */
  export namespace Choice {
    /** {@link ChatCompletionChunkDelta}, under groq-sdk's name. */
    export type Delta = ChatCompletionChunkDelta;
    /** groq-sdk's nested names for the parts of a delta. */
    export namespace Delta {
      /** {@link ChatCompletionAnnotation} (and its nested names), under groq-sdk's name. */
      export { ChatCompletionAnnotation as Annotation };
      /** {@link ChatCompletionExecutedTool} (and its nested names), under groq-sdk's name. */
      export { ChatCompletionExecutedTool as ExecutedTool };
      /** {@link ChatCompletionChunkDelta.function_call}, under groq-sdk's name. */
      export type FunctionCall = NonNullable<ChatCompletionChunkDelta['function_call']>;
      /** {@link ChatCompletionChunkToolCallDelta}, under groq-sdk's name. */
      export type ToolCall = ChatCompletionChunkToolCallDelta;
      /** groq-sdk's nested names for the parts of a tool call piece. */
      export namespace ToolCall {
        /** {@link ChatCompletionChunkToolCallDelta.function}, under groq-sdk's name. */
        export type Function = NonNullable<ChatCompletionChunkToolCallDelta['function']>;
      }
    }
    /** {@link ChatCompletionChoiceLogprobs}, under groq-sdk's name. */
    export type Logprobs = ChatCompletionChoiceLogprobs;
  }
  /** The package's `XGroq`, under groq-sdk's name. */
  export type XGroq = PackageXGroq;
  /** groq-sdk's nested names for the parts of `x_groq`. */
  export namespace XGroq {
    /** {@link XGroqDebug}, under groq-sdk's name. */
    export type Debug = XGroqDebug;
    /** The package's `UsageBreakdown` (and its nested names), under groq-sdk's name. */
    export { PackageUsageBreakdown as UsageBreakdown };
  }
}
