import { Groq as CoreGroq, readLogLevel, type ClientOptions, type Fetch } from '@groq-stream/core';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { proxyAwareFetch } from './proxy-aware-fetch.js';

/**
 * The Groq client for Node.js: `apiKey` defaults to `GROQ_API_KEY` and `baseURL` to `GROQ_BASE_URL`;
 * requests go over `node:http`/`node:https` with a keep-alive pool ({@link createNodeHttpFetch}), or
 * through undici's `EnvHttpProxyAgent` when `HTTPS_PROXY` / `HTTP_PROXY` is set (honouring `NO_PROXY`).
 */
export class Groq extends CoreGroq {
  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The client's defaults. `apiKey` defaults to `GROQ_API_KEY`, `baseURL` to
   *   `GROQ_BASE_URL`, `logLevel` to `GROQ_LOG`, and `fetch` to one that goes through the proxy when `HTTPS_PROXY` or `HTTP_PROXY` is
   *   set, and to {@link createNodeHttpFetch}'s (one pool shared by every client) otherwise.
   * @throws {@link GroqError} when no API key is given and `GROQ_API_KEY` is unset or blank.
   */
  constructor(options: ClientOptions = {}) {
    const env = process.env;
    super({
      ...options,
      apiKey: options.apiKey ?? env.GROQ_API_KEY,
      baseURL: options.baseURL ?? (env.GROQ_BASE_URL || undefined),
      logLevel: options.logLevel ?? readLogLevel(env.GROQ_LOG, options.logger),
      fetch: options.fetch ?? defaultFetch(env),
    });
  }
}

// One pool for every client in the process, as Node's global fetch has: connections are reused across
// clients, and idle ones close after 4 s (they never keep the process alive).
let sharedNodeHttpFetch: Fetch | undefined;

function defaultFetch(env: NodeJS.ProcessEnv): Fetch {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  // node:http reads a stream with about half the CPU per chunk of undici's fetch and less memory per open
  // stream; only a proxy needs undici's agent.
  if (proxied) return proxyAwareFetch();
  return (sharedNodeHttpFetch ??= createNodeHttpFetch());
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
