import { Groq as CoreGroq, readLogLevel, type GroqChat, type ClientOptions } from '@groq-stream/core';
// The whole name (the interface and its namespace of nested types), not a type alias, which drops them.
import type { CompletionUsage as CoreCompletionUsage } from '@groq-stream/core';

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
      // Only a baseURL not given reads the variable: `null` means the default, as in groq-sdk, and a blank one is none.
      baseURL: options.baseURL === undefined ? env.GROQ_BASE_URL?.trim() || undefined : options.baseURL,
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
  /** The package's `CompletionUsage` (and its nested `CompletionUsage.PromptTokensDetails`), under groq-sdk's name. */
  export { CoreCompletionUsage as CompletionUsage };
  /** The package's `ModelList`, under groq-sdk's name. */
  export type ModelListResponse = CoreGroq.ModelListResponse;
  /** The package's `FunctionDefinition`, under groq-sdk's name. */
  export type FunctionDefinition = CoreGroq.FunctionDefinition;
  /** The package's `FunctionParameters`, under groq-sdk's name. */
  export type FunctionParameters = CoreGroq.FunctionParameters;
  /** The package's `APIErrorObject` (the `error` of an error body), under groq-sdk's name. */
  export type ErrorObject = CoreGroq.ErrorObject;
  export { GroqChat as Chat };
}
