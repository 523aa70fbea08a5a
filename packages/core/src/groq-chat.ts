// Whole names (the interface and its namespace of nested types, `ChatCompletion.Choice`), not type aliases.
import type {
  ChatCompletion as PackageChatCompletionWithNested,
  ChatCompletionMessage as PackageChatCompletionMessageWithNested,
} from './types/chat-completion.js';
import type { ChatCompletionChunk as PackageChatCompletionChunkWithNested } from './types/chat-completion-chunk.js';
import type {
  ChatCompletionContentPart as PackageChatCompletionContentPartWithNested,
  ChatCompletionContentPartImage as PackageChatCompletionContentPartImageWithNested,
} from './types/chat-completion-content-part.js';
import type { ChatCompletionAssistantMessageParam as PackageChatCompletionAssistantMessageParamWithNested } from './types/chat-completion-message-param.js';
import type { ChatCompletionTokenLogprob as PackageChatCompletionTokenLogprobWithNested } from './types/chat-completion-token-logprob.js';
import type { ChatCompletionCreateParams as PackageCompletionCreateParamsWithNested } from './types/chat-completion-create-params.js';
import type {
  ChatCompletionMessageToolCall as PackageChatCompletionMessageToolCallWithNested,
  ChatCompletionNamedToolChoice as PackageChatCompletionNamedToolChoiceWithNested,
} from './types/chat-completion-tool.js';
import type * as contentPart from './types/chat-completion-content-part.js';
import type * as createParams from './types/chat-completion-create-params.js';
import type * as messageParam from './types/chat-completion-message-param.js';
import type * as tool from './types/chat-completion-tool.js';
import type { ChatCompletions } from './chat-completions.js';

// Named outside the namespace below, where `ChatCompletionRole`, ... mean the namespace's own members (and
// the bundled declarations name each type once).
type PackageChatCompletionContentPartText = contentPart.ChatCompletionContentPartText;
type PackageChatCompletionMessageParam = messageParam.ChatCompletionMessageParam;
type PackageChatCompletionSystemMessageParam = messageParam.ChatCompletionSystemMessageParam;
type PackageChatCompletionUserMessageParam = messageParam.ChatCompletionUserMessageParam;
type PackageChatCompletionToolMessageParam = messageParam.ChatCompletionToolMessageParam;
type PackageChatCompletionFunctionMessageParam = messageParam.ChatCompletionFunctionMessageParam;
type PackageChatCompletionRole = messageParam.ChatCompletionRole;
type PackageChatCompletionTool = tool.ChatCompletionTool;
type PackageChatCompletionToolChoiceOption = tool.ChatCompletionToolChoiceOption;
type PackageChatCompletionFunctionCallOption = tool.ChatCompletionFunctionCallOption;
type PackageCompletionCreateParamsStreaming = createParams.ChatCompletionCreateParamsStreaming;
type PackageCompletionCreateParamsNonStreaming = createParams.ChatCompletionCreateParamsNonStreaming;

/** The type of `client.chat`, as groq-sdk's `Groq.Chat` is: `const chat: Groq.Chat = client.chat` compiles. */
export interface GroqChat {
  /** `client.chat.completions`: `create()` a chat completion, streamed or whole. */
  readonly completions: GroqChat.Completions;
}

/**
 * groq-sdk's chat type names, `Groq.Chat.ChatCompletion` and the rest: the namespace that `Groq.Chat` of
 * this package and of `@groq-stream/node` and `@groq-stream/web` name.
 */
export declare namespace GroqChat {
  /** The type of `client.chat.completions`, as groq-sdk's `Groq.Chat.Completions` is. */
  export type Completions = ChatCompletions;
  /** The same names again, as groq-sdk also nests them: `Groq.Chat.Completions.ChatCompletionMessageParam`. */
  export namespace Completions {
    export { PackageChatCompletionWithNested as ChatCompletion };
    export { PackageChatCompletionMessageWithNested as ChatCompletionMessage };
    export { PackageChatCompletionChunkWithNested as ChatCompletionChunk };
    export { PackageChatCompletionContentPartWithNested as ChatCompletionContentPart };
    export { PackageChatCompletionContentPartImageWithNested as ChatCompletionContentPartImage };
    /** `Groq.Chat.ChatCompletionContentPartText`, nested here as groq-sdk also nests it. */
    export type ChatCompletionContentPartText = PackageChatCompletionContentPartText;
    /** `Groq.Chat.ChatCompletionMessageParam`, nested here as groq-sdk also nests it. */
    export type ChatCompletionMessageParam = PackageChatCompletionMessageParam;
    /** `Groq.Chat.ChatCompletionSystemMessageParam`, nested here as groq-sdk also nests it. */
    export type ChatCompletionSystemMessageParam = PackageChatCompletionSystemMessageParam;
    /** `Groq.Chat.ChatCompletionUserMessageParam`, nested here as groq-sdk also nests it. */
    export type ChatCompletionUserMessageParam = PackageChatCompletionUserMessageParam;
    export { PackageChatCompletionAssistantMessageParamWithNested as ChatCompletionAssistantMessageParam };
    /** `Groq.Chat.ChatCompletionToolMessageParam`, nested here as groq-sdk also nests it. */
    export type ChatCompletionToolMessageParam = PackageChatCompletionToolMessageParam;
    /** `Groq.Chat.ChatCompletionFunctionMessageParam`, nested here as groq-sdk also nests it. */
    export type ChatCompletionFunctionMessageParam = PackageChatCompletionFunctionMessageParam;
    /** `Groq.Chat.ChatCompletionRole`, nested here as groq-sdk also nests it. */
    export type ChatCompletionRole = PackageChatCompletionRole;
    export { PackageChatCompletionTokenLogprobWithNested as ChatCompletionTokenLogprob };
    /** `Groq.Chat.ChatCompletionTool`, nested here as groq-sdk also nests it. */
    export type ChatCompletionTool = PackageChatCompletionTool;
    /** `Groq.Chat.ChatCompletionToolChoiceOption`, nested here as groq-sdk also nests it. */
    export type ChatCompletionToolChoiceOption = PackageChatCompletionToolChoiceOption;
    export { PackageChatCompletionNamedToolChoiceWithNested as ChatCompletionNamedToolChoice };
    /** `Groq.Chat.ChatCompletionFunctionCallOption`, nested here as groq-sdk also nests it. */
    export type ChatCompletionFunctionCallOption = PackageChatCompletionFunctionCallOption;
    export { PackageChatCompletionMessageToolCallWithNested as ChatCompletionMessageToolCall };
    export { PackageCompletionCreateParamsWithNested as CompletionCreateParams };
    /** `Groq.Chat.CompletionCreateParamsStreaming`, nested here as groq-sdk also nests it. */
    export type CompletionCreateParamsStreaming = PackageCompletionCreateParamsStreaming;
    /** `Groq.Chat.CompletionCreateParamsNonStreaming`, nested here as groq-sdk also nests it. */
    export type CompletionCreateParamsNonStreaming = PackageCompletionCreateParamsNonStreaming;
  }
  /** The package's `ChatCompletion` (and its nested `ChatCompletion.Choice`), under groq-sdk's name. */
  export { PackageChatCompletionWithNested as ChatCompletion };
  /** The package's `ChatCompletionMessage` (and its nested `ChatCompletionMessage.ExecutedTool`), under groq-sdk's name. */
  export { PackageChatCompletionMessageWithNested as ChatCompletionMessage };
  /** The package's `ChatCompletionChunk` (and its nested `ChatCompletionChunk.Choice`), under groq-sdk's name. */
  export { PackageChatCompletionChunkWithNested as ChatCompletionChunk };
  /**
   * The package's `ChatCompletionContentPart` (and its nested
   * `ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument`), under groq-sdk's name.
   */
  export { PackageChatCompletionContentPartWithNested as ChatCompletionContentPart };
  /** The package's `ChatCompletionContentPartImage` (and its nested `ChatCompletionContentPartImage.ImageURL`), under groq-sdk's name. */
  export { PackageChatCompletionContentPartImageWithNested as ChatCompletionContentPartImage };
  /** The package's `ChatCompletionContentPartText`, under groq-sdk's name. */
  export type ChatCompletionContentPartText = PackageChatCompletionContentPartText;
  /** The package's `ChatCompletionMessageParam`, under groq-sdk's name. */
  export type ChatCompletionMessageParam = PackageChatCompletionMessageParam;
  /** The package's `ChatCompletionSystemMessageParam`, under groq-sdk's name. */
  export type ChatCompletionSystemMessageParam = PackageChatCompletionSystemMessageParam;
  /** The package's `ChatCompletionUserMessageParam`, under groq-sdk's name. */
  export type ChatCompletionUserMessageParam = PackageChatCompletionUserMessageParam;
  /** The package's `ChatCompletionAssistantMessageParam` (and its nested `ChatCompletionAssistantMessageParam.FunctionCall`), under groq-sdk's name. */
  export { PackageChatCompletionAssistantMessageParamWithNested as ChatCompletionAssistantMessageParam };
  /** The package's `ChatCompletionToolMessageParam`, under groq-sdk's name. */
  export type ChatCompletionToolMessageParam = PackageChatCompletionToolMessageParam;
  /** The package's `ChatCompletionFunctionMessageParam`, under groq-sdk's name. */
  export type ChatCompletionFunctionMessageParam = PackageChatCompletionFunctionMessageParam;
  /** The package's `ChatCompletionRole`, under groq-sdk's name. */
  export type ChatCompletionRole = PackageChatCompletionRole;
  /** The package's `ChatCompletionTokenLogprob` (and its nested `ChatCompletionTokenLogprob.TopLogprob`), under groq-sdk's name. */
  export { PackageChatCompletionTokenLogprobWithNested as ChatCompletionTokenLogprob };
  /** The package's `ChatCompletionTool`, under groq-sdk's name. */
  export type ChatCompletionTool = PackageChatCompletionTool;
  /** The package's `ChatCompletionToolChoiceOption`, under groq-sdk's name. */
  export type ChatCompletionToolChoiceOption = PackageChatCompletionToolChoiceOption;
  /** The package's `ChatCompletionNamedToolChoice` (and its nested `ChatCompletionNamedToolChoice.Function`), under groq-sdk's name. */
  export { PackageChatCompletionNamedToolChoiceWithNested as ChatCompletionNamedToolChoice };
  /** The package's `ChatCompletionFunctionCallOption`, under groq-sdk's name. */
  export type ChatCompletionFunctionCallOption = PackageChatCompletionFunctionCallOption;
  /** The package's `ChatCompletionMessageToolCall` (and its nested `ChatCompletionMessageToolCall.Function`), under groq-sdk's name. */
  export { PackageChatCompletionMessageToolCallWithNested as ChatCompletionMessageToolCall };
  /** The package's `ChatCompletionCreateParams` (and its nested `ChatCompletionCreateParams.SearchSettings`), under groq-sdk's name. */
  export { PackageCompletionCreateParamsWithNested as CompletionCreateParams };
  /** The package's `ChatCompletionCreateParamsStreaming`, under groq-sdk's name. */
  export type CompletionCreateParamsStreaming = PackageCompletionCreateParamsStreaming;
  /** The package's `ChatCompletionCreateParamsNonStreaming`, under groq-sdk's name. */
  export type CompletionCreateParamsNonStreaming = PackageCompletionCreateParamsNonStreaming;
}
