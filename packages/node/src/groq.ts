import { Groq as CoreGroq, readClientOptions, readLogLevel, type GroqChat, type ClientOptions, type Fetch, type HeadersLike } from '@groq-stream/core';
// The whole name (the interface and its namespace of nested types), not a type alias, which drops them.
import type { CompletionUsage as CoreCompletionUsage } from '@groq-stream/core';
import { version } from '../package.json';
import { defaultFetch } from './default-fetch.js';

/**
 * The Groq client for Node.js: `apiKey` defaults to `GROQ_API_KEY` and `baseURL` to `GROQ_BASE_URL`;
 * requests go over `node:http`/`node:https` with a keep-alive pool ({@link createNodeHttpFetch}), or
 * through undici's `EnvHttpProxyAgent` when `HTTPS_PROXY` / `HTTP_PROXY` is set (honouring `NO_PROXY`), or,
 * with `fetchOptions: { dispatcher }`, through the global fetch and that dispatcher. Every request names the
 * SDK in its `user-agent` (`groq-stream/<version> (Node.js <version>)`) unless the caller sets one.
 */
export class Groq extends CoreGroq {
  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The client's defaults. `apiKey` defaults to `GROQ_API_KEY`, `baseURL` to
   *   `GROQ_BASE_URL`, `logLevel` to `GROQ_LOG`, and `fetch` to one that goes through the proxy when `HTTPS_PROXY` or `HTTP_PROXY` is
   *   set, and to {@link createNodeHttpFetch}'s (one pool shared by every client) otherwise; a request whose
   *   `fetchOptions` carry a `dispatcher` goes to the global fetch, which honours it.
   * @throws {@link GroqError} when no API key is given and `GROQ_API_KEY` is unset or blank.
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
  const env = process.env;
  return {
    ...options,
    apiKey: options.apiKey ?? env.GROQ_API_KEY,
    // Only a baseURL not given reads the variable: `null` means the default, as in groq-sdk, and a blank one is none.
    baseURL: options.baseURL === undefined ? env.GROQ_BASE_URL?.trim() || undefined : options.baseURL,
    logLevel: options.logLevel ?? readLogLevel(env.GROQ_LOG, options.logger),
    fetch: options.fetch ?? defaultFetch(env),
    defaultHeaders: withUserAgent(options.defaultHeaders),
  };
}

/** What this SDK sends as its `user-agent`: gateways in front of APIs often refuse or throttle requests that send none. */
const userAgent = `groq-stream/${version} (Node.js ${process.versions.node})`;

/**
 * The caller's default headers (as `readClientOptions` gives them: `[name, value]` pairs) after this SDK's
 * `user-agent`, so that core's rules apply to it like to any default: a `user-agent` of the caller's (in any
 * case, here or per request) replaces it, and `null` removes it. Headers already naming one (those
 * `withOptions()` hands back included) are kept as they are.
 */
function withUserAgent(headers: HeadersLike | undefined): HeadersLike {
  const pairs = (headers ?? []) as HeaderPairs;
  return pairs.some(([name]) => typeof name === 'string' && name.toLowerCase() === 'user-agent') ? pairs : [['user-agent', userAgent], ...pairs];
}

type HeaderPairs = Extract<HeadersLike, readonly unknown[]>;

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
