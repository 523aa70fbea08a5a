import { Groq as CoreGroq, readClientOptions, readLogLevel, type GroqChat, type ClientOptions } from '@groq-stream/core';
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
  constructor(options: ClientOptions | null = {}) {
    super(withEnvironment(options));
  }
}

/** The options with what the environment gives for those not set. */
function withEnvironment(given: ClientOptions | null): ClientOptions {
  // Each option read once, as core reads them (a getter runs once; one that throws is a GroqError naming it),
  // and anything but an object refused with core's error (the key passed on its own is not quoted).
  const options = readClientOptions(given);
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return {
    ...options,
    // The key is needed: where Deno may not read it, its own error (or prompt) says to allow it.
    apiKey: options.apiKey ?? env.GROQ_API_KEY,
    // Only a baseURL not given reads the variable: `null` means the default, as in groq-sdk, and a blank one is none.
    baseURL: options.baseURL === undefined ? readOptional(env, 'GROQ_BASE_URL')?.trim() || undefined : options.baseURL,
    logLevel: options.logLevel ?? readLogLevel(readOptional(env, 'GROQ_LOG'), options.logger),
  };
}

/** What this module uses of Deno's global, where there is one. */
interface DenoGlobal {
  permissions?: { querySync?: (descriptor: { name: 'env'; variable: string }) => { state: string } };
}

/**
 * An optional variable, or undefined. Deno's `process.env` throws `NotCapable` on reading a variable the
 * program may not read (or asks in a terminal): there, an optional one is read only once Deno allows it, so
 * that a client given `apiKey` and `baseURL` runs without `--allow-env`.
 */
function readOptional(env: Record<string, string | undefined>, name: string): string | undefined {
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  const state = deno?.permissions?.querySync?.({ name: 'env', variable: name }).state;
  return state === undefined || state === 'granted' ? env[name] : undefined;
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
  /** The type of `client.models`, as groq-sdk's `Groq.Models` is. */
  export type Models = CoreGroq.Models;
  /** The model types again, as groq-sdk also nests them: `Groq.Models.Model`. */
  export namespace Models {
    /** The package's `Model`, as `Groq.Models.Model` in groq-sdk. */
    export type Model = CoreGroq.Model;
    /** The package's `ModelList`, as `Groq.Models.ModelListResponse` in groq-sdk. */
    export type ModelListResponse = CoreGroq.ModelListResponse;
  }
  /** The package's `FunctionDefinition`, under groq-sdk's name. */
  export type FunctionDefinition = CoreGroq.FunctionDefinition;
  /** The package's `FunctionParameters`, under groq-sdk's name. */
  export type FunctionParameters = CoreGroq.FunctionParameters;
  /** The package's `APIErrorObject` (the `error` of an error body), under groq-sdk's name. */
  export type ErrorObject = CoreGroq.ErrorObject;
  export { GroqChat as Chat };
}
