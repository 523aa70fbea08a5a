import { Groq as CoreGroq, readLogLevel, type ClientOptions } from '@groq-stream/core';

/**
 * The Groq client for web-standard runtimes (edge functions, Deno, Bun, workers) on the global `fetch`.
 * Where the runtime has environment variables (`process.env`), `apiKey` defaults to `GROQ_API_KEY`,
 * `baseURL` to `GROQ_BASE_URL` and `logLevel` to `GROQ_LOG`. In a browser it refuses an API key unless `dangerouslyAllowBrowser: true`:
 * relay the stream through your server instead.
 */
export class Groq extends CoreGroq {
  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The client's defaults. Where `process.env` exists, `apiKey` defaults to
   *   `GROQ_API_KEY`, `baseURL` to `GROQ_BASE_URL` and `logLevel` to `GROQ_LOG`.
   * @throws {@link GroqError} when no API key is given or found, or in a browser without
   *   `dangerouslyAllowBrowser: true`.
   */
  constructor(options: ClientOptions = {}) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    super({
      ...options,
      apiKey: options.apiKey ?? env.GROQ_API_KEY,
      baseURL: options.baseURL ?? (env.GROQ_BASE_URL || undefined),
      logLevel: options.logLevel ?? readLogLevel(env.GROQ_LOG, options.logger),
    });
  }
}

/**
 * groq-sdk's type names under the client (`Groq.Chat.ChatCompletion`, `Groq.RequestOptions`, ...), the same
 * as `@groq-stream/core`'s, so that code naming them that way compiles unchanged after migrating.
 */
export declare namespace Groq {
  /** The package's `RequestOptions`, under groq-sdk's name. */
  export type RequestOptions = CoreGroq.RequestOptions;
  /** The package's `Model`, under groq-sdk's name. */
  export type Model = CoreGroq.Model;
  /** The package's `CompletionUsage`, under groq-sdk's name. */
  export type CompletionUsage = CoreGroq.CompletionUsage;
  /** groq-sdk's chat types: `Groq.Chat.ChatCompletion` and the rest. */
  export namespace Chat {
    /** `Groq.Chat.ChatCompletion` of `@groq-stream/core`. */
    export type ChatCompletion = CoreGroq.Chat.ChatCompletion;
    /** `Groq.Chat.ChatCompletionMessage` of `@groq-stream/core`. */
    export type ChatCompletionMessage = CoreGroq.Chat.ChatCompletionMessage;
    /** `Groq.Chat.ChatCompletionChunk` of `@groq-stream/core`. */
    export type ChatCompletionChunk = CoreGroq.Chat.ChatCompletionChunk;
    /** `Groq.Chat.ChatCompletionContentPart` of `@groq-stream/core`. */
    export type ChatCompletionContentPart = CoreGroq.Chat.ChatCompletionContentPart;
    /** `Groq.Chat.ChatCompletionContentPartImage` of `@groq-stream/core`. */
    export type ChatCompletionContentPartImage = CoreGroq.Chat.ChatCompletionContentPartImage;
    /** `Groq.Chat.ChatCompletionContentPartText` of `@groq-stream/core`. */
    export type ChatCompletionContentPartText = CoreGroq.Chat.ChatCompletionContentPartText;
    /** `Groq.Chat.ChatCompletionMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionMessageParam = CoreGroq.Chat.ChatCompletionMessageParam;
    /** `Groq.Chat.ChatCompletionSystemMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionSystemMessageParam = CoreGroq.Chat.ChatCompletionSystemMessageParam;
    /** `Groq.Chat.ChatCompletionUserMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionUserMessageParam = CoreGroq.Chat.ChatCompletionUserMessageParam;
    /** `Groq.Chat.ChatCompletionAssistantMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionAssistantMessageParam = CoreGroq.Chat.ChatCompletionAssistantMessageParam;
    /** `Groq.Chat.ChatCompletionToolMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionToolMessageParam = CoreGroq.Chat.ChatCompletionToolMessageParam;
    /** `Groq.Chat.ChatCompletionFunctionMessageParam` of `@groq-stream/core`. */
    export type ChatCompletionFunctionMessageParam = CoreGroq.Chat.ChatCompletionFunctionMessageParam;
    /** `Groq.Chat.ChatCompletionRole` of `@groq-stream/core`. */
    export type ChatCompletionRole = CoreGroq.Chat.ChatCompletionRole;
    /** `Groq.Chat.ChatCompletionTokenLogprob` of `@groq-stream/core`. */
    export type ChatCompletionTokenLogprob = CoreGroq.Chat.ChatCompletionTokenLogprob;
    /** `Groq.Chat.ChatCompletionTool` of `@groq-stream/core`. */
    export type ChatCompletionTool = CoreGroq.Chat.ChatCompletionTool;
    /** `Groq.Chat.ChatCompletionToolChoiceOption` of `@groq-stream/core`. */
    export type ChatCompletionToolChoiceOption = CoreGroq.Chat.ChatCompletionToolChoiceOption;
    /** `Groq.Chat.ChatCompletionNamedToolChoice` of `@groq-stream/core`. */
    export type ChatCompletionNamedToolChoice = CoreGroq.Chat.ChatCompletionNamedToolChoice;
    /** `Groq.Chat.ChatCompletionFunctionCallOption` of `@groq-stream/core`. */
    export type ChatCompletionFunctionCallOption = CoreGroq.Chat.ChatCompletionFunctionCallOption;
    /** `Groq.Chat.ChatCompletionMessageToolCall` of `@groq-stream/core`. */
    export type ChatCompletionMessageToolCall = CoreGroq.Chat.ChatCompletionMessageToolCall;
    /** `Groq.Chat.CompletionCreateParams` of `@groq-stream/core`. */
    export type CompletionCreateParams = CoreGroq.Chat.CompletionCreateParams;
    /** `Groq.Chat.CompletionCreateParamsStreaming` of `@groq-stream/core`. */
    export type CompletionCreateParamsStreaming = CoreGroq.Chat.CompletionCreateParamsStreaming;
    /** `Groq.Chat.CompletionCreateParamsNonStreaming` of `@groq-stream/core`. */
    export type CompletionCreateParamsNonStreaming = CoreGroq.Chat.CompletionCreateParamsNonStreaming;
  }
}
