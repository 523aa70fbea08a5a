import type { ChatCompletionContentPart, ChatCompletionContentPartText } from './chat-completion-content-part.js';
import type { ChatCompletionMessageToolCall } from './chat-completion-tool.js';

/** Who wrote a message in the conversation. */
export type ChatCompletionRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

/** Instructions that set the model's behaviour for the whole conversation. */
export interface ChatCompletionSystemMessageParam {
  /** Marks a system message; `developer` is OpenAI's newer name for it, accepted as in groq-sdk. */
  role: 'system' | 'developer';
  /** The instructions, as a string or as text parts. */
  content: string | ChatCompletionContentPartText[];
  /** An optional name that tells apart participants with the same role. */
  name?: string | undefined;
}

/** Instructions from the developer; Groq treats them like a system message. */
export interface ChatCompletionDeveloperMessageParam {
  /** Marks a developer message. */
  role: 'developer';
  /** The instructions, as a string or as text parts. */
  content: string | ChatCompletionContentPartText[];
  /** An optional name that tells apart participants with the same role. */
  name?: string | undefined;
}

/** A message from the user: text, or parts mixing text, images and documents. */
export interface ChatCompletionUserMessageParam {
  /** Marks a user message. */
  role: 'user';
  /** A string, or a non-empty array of text, image and document parts. */
  content: string | ChatCompletionContentPart[];
  /** An optional name that tells apart participants with the same role. */
  name?: string | undefined;
}

/** An earlier answer of the model, sent back as part of the conversation history. */
export interface ChatCompletionAssistantMessageParam {
  /** Marks an assistant message. */
  role: 'assistant';
  /** What the model said. May be left out or `null` when the message only carries `tool_calls`. */
  content?: string | ChatCompletionContentPartText[] | null | undefined;
  /** An optional name that tells apart participants with the same role. */
  name?: string | undefined;
  /** The calls of your functions that the model made in this turn. */
  tool_calls?: ChatCompletionMessageToolCall[] | undefined;
  /** The model's reasoning from this turn, as returned with `reasoning_format: 'parsed'`. */
  reasoning?: string | null | undefined;
  /**
   * The function call the model made in this turn.
   * @deprecated Use `tool_calls`.
   */
  function_call?:
    | {
        /** Name of the function called. */
        name?: string | undefined;
        /** The arguments as a JSON text. */
        arguments?: string | undefined;
      }
    | undefined;
}

/** groq-sdk's nested name for the deprecated function call, `ChatCompletionAssistantMessageParam.FunctionCall`. */
export declare namespace ChatCompletionAssistantMessageParam {
  /** {@link ChatCompletionAssistantMessageParam.function_call}, under groq-sdk's name. */
  export type FunctionCall = NonNullable<ChatCompletionAssistantMessageParam['function_call']>;
}

/** The result of one tool call, answering the assistant message that made it. */
export interface ChatCompletionToolMessageParam {
  /** Marks a tool message. */
  role: 'tool';
  /** The tool's output, usually a string (often JSON). */
  content: string | ChatCompletionContentPart[];
  /** The `id` of the tool call this message answers. */
  tool_call_id: string;
}

/**
 * The result of a function call made through the deprecated `functions` parameter.
 * @deprecated Use `tools` and {@link ChatCompletionToolMessageParam}.
 */
export interface ChatCompletionFunctionMessageParam {
  /** Marks a function message. */
  role: 'function';
  /** The function's output. */
  content: string | null;
  /** Name of the function that produced this output. */
  name: string;
}

/** One message of the conversation sent in `messages`; `role` tells which kind. */
export type ChatCompletionMessageParam =
  | ChatCompletionSystemMessageParam
  | ChatCompletionDeveloperMessageParam
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam
  | ChatCompletionFunctionMessageParam;
