import type { ChatCompletionAnnotation } from './chat-completion-annotation.js';
import type { ServiceTier } from './chat-completion-create-params.js';
import type { ChatCompletionExecutedTool } from './chat-completion-executed-tool.js';
import type { ChatCompletionMcpListTools, ChatCompletionMcpTool } from './chat-completion-mcp-list-tools.js';
import type { ChatCompletionAssistantMessageParam } from './chat-completion-message-param.js';
import type { ChatCompletionChoiceLogprobs } from './chat-completion-token-logprob.js';
import type { ChatCompletionFunctionCall, ChatCompletionMessageToolCall } from './chat-completion-tool.js';
// `as`: an import keeps the type's nested names, which a `type` alias would drop.
import type { CompletionUsage, UsageBreakdown, UsageBreakdown as PackageUsageBreakdown } from './completion-usage.js';
import type { ChatCompletionXGroq, XGroqCacheUsage, XGroqDebug } from './x-groq.js';

/**
 * Why the model stopped generating:
 * - `stop`: it finished, or produced one of the `stop` sequences.
 * - `length`: it reached `max_completion_tokens` or the context window; the answer is cut off.
 * - `tool_calls`: it called one or more tools; run them and send the results back.
 * - `function_call`: it called a function through the deprecated `functions` parameter.
 *
 * The values Groq's schema and groq-sdk list, so that an exhaustive `switch` written for groq-sdk compiles.
 */
export type ChatCompletionFinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call';

/** A whole answer, returned by `POST /openai/v1/chat/completions` without `stream: true`. */
export interface ChatCompletion {
  /** ID of the completion (`chatcmpl-…`). */
  id: string;
  /** Always `chat.completion`. */
  object: 'chat.completion';
  /** When the completion was created, in Unix seconds. */
  created: number;
  /** ID of the model that answered. */
  model: string;
  /** The answers; one, as Groq supports only `n: 1`. */
  choices: ChatCompletionChoice[];
  /** Identifies the backend configuration; when it changes, the same `seed` may give other answers. */
  system_fingerprint?: string;
  /** Token counts and timings (seconds) of the request. */
  usage?: CompletionUsage;
  /** Per-model usage of a Compound request. */
  usage_breakdown?: UsageBreakdown | null;
  /** The capacity tier that served the request. */
  service_tier?: ServiceTier | null;
  /** The tools found on connected remote MCP servers. */
  mcp_list_tools?: ChatCompletionMcpListTools[] | null;
  /** Groq's own metadata, such as the request ID. */
  x_groq?: ChatCompletionXGroq;
}

/** One answer of a {@link ChatCompletion}. */
export interface ChatCompletionChoice {
  /** Position of this answer in `choices`. */
  index: number;
  /** The message the model generated. */
  message: ChatCompletionMessage;
  /** Why the model stopped generating. */
  finish_reason: ChatCompletionFinishReason;
  /** Log probabilities of the output tokens, or `null` unless requested with `logprobs: true` (which some Groq models refuse). */
  logprobs: ChatCompletionChoiceLogprobs | null;
}

/**
 * The message the model generated. Its type lets it go into the next request's `messages` as it is, as in
 * groq-sdk, but Groq takes there only the fields of {@link ChatCompletionAssistantMessageParam} and answers
 * a message with any other, such as `executed_tools` (Compound, built-in tools) or `annotations` (citations),
 * with a 400 (`property 'executed_tools' is unsupported`). Send such a message back as
 * `{ role, content, reasoning, tool_calls }`.
 */
export interface ChatCompletionMessage {
  /** Always `assistant`. */
  role: 'assistant';
  /** The text of the answer; `null` when the model only called tools. */
  content: string | null;
  /** The model's reasoning, from reasoning models with `reasoning_format: 'parsed'` or `include_reasoning: true`. */
  reasoning?: string | null;
  /** Calls of your functions; run them and answer each with a `tool` message. */
  tool_calls?: ChatCompletionMessageToolCall[];
  /** Tools Groq ran itself while answering (Compound and built-in tools). Leave it out when sending the message back. */
  executed_tools?: ChatCompletionExecutedTool[];
  /** Citations of documents and tool results in `content`. Leave it out when sending the message back. */
  annotations?: ChatCompletionAnnotation[];
  /**
   * The function the model called through the deprecated `functions` parameter.
   * @deprecated Use `tools`; calls then come in `tool_calls`.
   */
  function_call?: ChatCompletionFunctionCall;
}

// Named outside the namespaces below, where `UsageBreakdown` means the namespace's own member (and the
// bundled declarations name each type once).

/** groq-sdk's nested names for the parts of a completion, such as `ChatCompletion.Choice`. */
export declare namespace ChatCompletion {
  /** {@link ChatCompletionChoice}, under groq-sdk's name. */
  export type Choice = ChatCompletionChoice;
  /** groq-sdk's nested names for the parts of a choice. */
  export namespace Choice {
    /** {@link ChatCompletionChoiceLogprobs}, under groq-sdk's name. */
    export type Logprobs = ChatCompletionChoiceLogprobs;
  }
  /** {@link ChatCompletionMcpListTools}, under groq-sdk's name. */
  export type McpListTool = ChatCompletionMcpListTools;
  /** groq-sdk's nested names for the parts of an MCP tool list. */
  export namespace McpListTool {
    /** {@link ChatCompletionMcpTool}, under groq-sdk's name. */
    export type Tool = ChatCompletionMcpTool;
  }
  /** The package's `UsageBreakdown` (and its nested names), under groq-sdk's name. */
  export { PackageUsageBreakdown as UsageBreakdown };
  /** {@link ChatCompletionXGroq}, under groq-sdk's name. */
  export type XGroq = ChatCompletionXGroq;
  /** groq-sdk's nested names for the parts of `x_groq`. */
  export namespace XGroq {
    /** {@link XGroqDebug}, under groq-sdk's name. */
    export type Debug = XGroqDebug;
    /** {@link XGroqCacheUsage}, under groq-sdk's name. */
    export type Usage = XGroqCacheUsage;
  }
}

/** groq-sdk's nested names for the parts of a message, such as `ChatCompletionMessage.ExecutedTool`. */
export declare namespace ChatCompletionMessage {
  /** {@link ChatCompletionAnnotation} (and its nested names), under groq-sdk's name. */
  export { ChatCompletionAnnotation as Annotation };
  /** {@link ChatCompletionExecutedTool} (and its nested names), under groq-sdk's name. */
  export { ChatCompletionExecutedTool as ExecutedTool };
  /** {@link ChatCompletionFunctionCall}, under groq-sdk's name. */
  export type FunctionCall = ChatCompletionFunctionCall;
}
