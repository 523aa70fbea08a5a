// `as`: the names nested under `ChatCompletionCreateParams` below, which inside the namespace mean its own
// members. They are re-exported there with `export { ... as ... }`: that keeps a type's nested names, and
// a `type X = PackageX` would become `type X = X` in the bundled declarations, which name each type once.
import type { ChatCompletionDocument, ChatCompletionDocument as PackageChatCompletionDocument } from './chat-completion-document.js';
import type { ChatCompletionMessageParam } from './chat-completion-message-param.js';
import type {
  ChatCompletionFunctionCallOption,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  FunctionParameters,
} from './chat-completion-tool.js';
import type { ChatModel } from './chat-model.js';
import type { CompoundCustom, CompoundCustom as PackageCompoundCustom } from './compound-custom.js';
import type {
  ResponseFormat,
  ResponseFormatJsonObject as PackageResponseFormatJsonObject,
  ResponseFormatJsonSchema as PackageResponseFormatJsonSchema,
  ResponseFormatText as PackageResponseFormatText,
} from './response-format.js';
import type { SearchSettings, SearchSettings as PackageSearchSettings } from './search-settings.js';

/**
 * How a reasoning model returns its reasoning:
 * - `parsed`: in a separate `reasoning` field of the message (or of each streamed delta).
 * - `raw`: inside `content`, between `<think>` tags.
 * - `hidden`: not at all; only the answer is returned.
 */
export type ChatCompletionReasoningFormat = 'hidden' | 'raw' | 'parsed';

/**
 * How much a reasoning model reasons before answering. Which values a model accepts differs:
 * `openai/gpt-oss-*` take `low`, `medium` (default) and `high`; qwen3 models take `none` (no reasoning)
 * and `default`; `qwen/qwen3.8-27b` takes all five.
 */
export type ChatCompletionReasoningEffort = 'none' | 'default' | 'low' | 'medium' | 'high';

/**
 * Groq's capacity tier for a request:
 * - `on_demand`: the default.
 * - `flex`: more capacity, but a request fails fast (status 498) when none is free.
 * - `auto`: the highest tier available within your organization's rate limits.
 * - `performance`: Groq's performance tier, where your organization has access to it.
 */
export type ServiceTier = 'auto' | 'on_demand' | 'flex' | 'performance';

/** Options of a streamed request. */
export interface ChatCompletionStreamOptions {
  /**
   * Ask for token usage on the final chunk, as in OpenAI's API. Groq sends usage on the final chunk
   * (`x_groq.usage`) even without it.
   */
  include_usage?: boolean | null | undefined;
}

/**
 * The body of `POST /openai/v1/chat/completions`, whether streamed or not. Use
 * {@link ChatCompletionCreateParamsStreaming} or {@link ChatCompletionCreateParamsNonStreaming} to fix
 * `stream`. `null` means the same as leaving a parameter out.
 */
export interface ChatCompletionCreateParamsBase {
  /** ID of the model, e.g. `llama-3.3-70b-versatile`. */
  model: ChatModel;
  /** The conversation so far, oldest first; at least one message. */
  messages: ChatCompletionMessageParam[];
  /** Whether to stream the answer as server-sent events of `ChatCompletionChunk`s. Defaults to `false`. */
  stream?: boolean | null | undefined;
  /** Options of a streamed request; only with `stream: true`. */
  stream_options?: ChatCompletionStreamOptions | null | undefined;

  /** Sampling temperature from 0 to 2 (default 1): higher is more random. Change this or `top_p`, not both. */
  temperature?: number | null | undefined;
  /**
   * Nucleus sampling from 0 to 1 (default 1): sample only from the most likely tokens whose probabilities
   * add up to `top_p`. Change this or `temperature`, not both.
   */
  top_p?: number | null | undefined;
  /**
   * The most tokens to generate, reasoning tokens included. Input plus output must fit in the model's
   * context window.
   */
  max_completion_tokens?: number | null | undefined;
  /**
   * The most tokens to generate.
   * @deprecated Use `max_completion_tokens`.
   */
  max_tokens?: number | null | undefined;
  /** Up to 4 sequences at which generation stops; the stop sequence itself is not returned. */
  stop?: string | string[] | null | undefined;
  /**
   * An integer that makes sampling as repeatable as Groq can: the same seed and parameters should give
   * the same answer, but this is not guaranteed. Compare `system_fingerprint` to see backend changes.
   */
  seed?: number | null | undefined;
  /** How many answers to generate. Groq supports only `1`; other values are refused with status 400. */
  n?: number | null | undefined;

  /** Functions the model may call (at most 128), and built-in tools Groq runs itself. */
  tools?: ChatCompletionTool[] | null | undefined;
  /** Whether and which tool the model calls; `none` without tools and `auto` with tools by default. */
  tool_choice?: ChatCompletionToolChoiceOption | null | undefined;
  /** Whether the model may call several tools in one turn. Defaults to `true`. */
  parallel_tool_calls?: boolean | null | undefined;
  /**
   * Return tool calls even for tools not listed in `tools`. `tool_choice` `none` and `required` are still
   * enforced, but a named tool choice is not allowed. Defaults to `false`.
   */
  disable_tool_validation?: boolean | undefined;
  /** The format of the output: text (default), any JSON, or JSON matching a schema. */
  response_format?: ResponseFormat | null | undefined;

  /** How a reasoning model returns its reasoning. Cannot be combined with `include_reasoning`. */
  reasoning_format?: ChatCompletionReasoningFormat | null | undefined;
  /** How much a reasoning model reasons; `null` for the model's default. */
  reasoning_effort?: ChatCompletionReasoningEffort | null | undefined;
  /**
   * Whether the answer includes the model's reasoning in a `reasoning` field. Cannot be combined with
   * `reasoning_format`.
   */
  include_reasoning?: boolean | null | undefined;

  /** Groq's capacity tier for this request. Defaults to `on_demand`. */
  service_tier?: ServiceTier | null | undefined;
  /** A stable ID of your end user, which helps Groq detect abuse. */
  user?: string | null | undefined;

  /** Documents the model may read and cite. */
  documents?: ChatCompletionDocument[] | null | undefined;
  /** Whether the answer cites provided documents and search results (`annotations`). Defaults to `enabled`. */
  citation_options?: 'enabled' | 'disabled' | null | undefined;
  /** Settings of the web search tool, when the model uses one. */
  search_settings?: SearchSettings | null | undefined;
  /**
   * Domains the web search tool may search.
   * @deprecated Use `search_settings.include_domains`.
   */
  include_domains?: string[] | null | undefined;
  /**
   * Domains the web search tool must not return.
   * @deprecated Use `search_settings.exclude_domains`.
   */
  exclude_domains?: string[] | null | undefined;
  /** Custom models and tools for Compound (`groq/compound`, `groq/compound-mini`). */
  compound_custom?: CompoundCustom | null | undefined;

  /**
   * From -2 to 2: positive values make repeating a token less likely the more often it already
   * appeared. Accepted, but Groq's models do not support it yet.
   */
  frequency_penalty?: number | null | undefined;
  /**
   * From -2 to 2: positive values make any token that already appeared less likely, encouraging new
   * topics. Accepted, but Groq's models do not support it yet.
   */
  presence_penalty?: number | null | undefined;
  /** Return log probabilities of the output tokens. Accepted, but Groq's models do not support it yet. */
  logprobs?: boolean | null | undefined;
  /**
   * How many of the most likely tokens (0 to 20) to return at each position; needs `logprobs: true`.
   * Accepted, but Groq's models do not support it yet.
   */
  top_logprobs?: number | null | undefined;
  /**
   * Biases by token ID (from -100 to 100) added to the model's logits. Accepted, but Groq's models do
   * not support it yet.
   */
  logit_bias?: Record<string, number> | null | undefined;
  /** Key-value strings to attach to the request. Accepted, but not supported by Groq yet. */
  metadata?: Record<string, string> | null | undefined;
  /** Whether to store the completion. Accepted, but not supported by Groq yet. */
  store?: boolean | null | undefined;

  /**
   * Functions the model may call.
   * @deprecated Use `tools`.
   */
  functions?: ChatCompletionCreateParams.Function[] | null | undefined;
  /**
   * Whether and which function the model calls.
   * @deprecated Use `tool_choice`.
   */
  function_call?: 'none' | 'auto' | 'required' | ChatCompletionFunctionCallOption | null | undefined;
}

/** A request whose answer is streamed as server-sent events of `ChatCompletionChunk`s. */
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase {
  /** Stream the answer. */
  stream: true;
}

/** A request whose answer is one `ChatCompletion` JSON object. */
export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase {
  /** Do not stream; leave it out or set `false`. */
  stream?: false | null | undefined;
}

/** The body of `POST /openai/v1/chat/completions`: a streaming or a non-streaming request. */
export type ChatCompletionCreateParams = ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming;

/**
 * groq-sdk's nested names for the parts of a request, such as
 * `CompletionCreateParams.ResponseFormatJsonSchema`: groq-sdk declares them under `CompletionCreateParams`,
 * which `Groq.Chat.CompletionCreateParams` names here.
 */
export declare namespace ChatCompletionCreateParams {
  /** The package's `CompoundCustom` (and its nested `CompoundCustom.Tools.WolframSettings`), under the same name, where groq-sdk nests it. */
  export { PackageCompoundCustom as CompoundCustom };
  /** The package's `ChatCompletionDocument` (and its nested `ChatCompletionDocument.ChatCompletionDocumentSourceText`), under groq-sdk's name. */
  export { PackageChatCompletionDocument as Document };
  /**
   * An item of the deprecated `functions`, under groq-sdk's name: a tool's `FunctionDefinition` but for
   * `strict`, which Groq's API and groq-sdk do not list here.
   * @deprecated Use `tools`.
   */
  export interface Function {
    /** The function's name: letters, digits, `_` and `-`, at most 64 characters. */
    name: string;
    /** What the function does and when to use it; the model reads this to decide whether to call it. */
    description?: string | undefined;
    /** JSON Schema of the arguments. Leave it out for a function without arguments. */
    parameters?: FunctionParameters | undefined;
  }
  /** The package's `ResponseFormatText`, under the same name, where groq-sdk nests it. */
  export { PackageResponseFormatText as ResponseFormatText };
  /** The package's `ResponseFormatJsonSchema` (and its nested `ResponseFormatJsonSchema.JsonSchema`), under the same name, where groq-sdk nests it. */
  export { PackageResponseFormatJsonSchema as ResponseFormatJsonSchema };
  /** The package's `ResponseFormatJsonObject`, under the same name, where groq-sdk nests it. */
  export { PackageResponseFormatJsonObject as ResponseFormatJsonObject };
  /** The package's `SearchSettings`, under the same name, where groq-sdk nests it. */
  export { PackageSearchSettings as SearchSettings };
}
