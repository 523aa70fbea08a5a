import { ChatCompletions } from './chat-completions.js';
import { createLogLine, type Logger, type LogLevel, type LogLine } from './logger.js';
import { excerpt } from './excerpt.js';
import { checkCount, checkedApiKey, checkedBaseURL, checkRequestOptions } from './client-option-checks.js';
import { GroqError } from './errors/groq-error.js';
import { APIError } from './errors/api-error.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { BadRequestError } from './errors/bad-request-error.js';
import { AuthenticationError } from './errors/authentication-error.js';
import { PermissionDeniedError } from './errors/permission-denied-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { ConflictError } from './errors/conflict-error.js';
import { UnprocessableEntityError } from './errors/unprocessable-entity-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { Models } from './models.js';
import { rememberRequestSecret, rememberSecret } from './redact-secrets.js';
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
import type {
  ChatCompletionMessageToolCall as PackageChatCompletionMessageToolCallWithNested,
  ChatCompletionNamedToolChoice as PackageChatCompletionNamedToolChoiceWithNested,
} from './types/chat-completion-tool.js';
import type { CompletionUsage as PackageCompletionUsageWithNested } from './types/completion-usage.js';
import type * as contentPart from './types/chat-completion-content-part.js';
import type * as createParams from './types/chat-completion-create-params.js';
import type * as messageParam from './types/chat-completion-message-param.js';
import type * as tool from './types/chat-completion-tool.js';
import type * as model from './types/model.js';
import { sendRequest, type SentRequest } from './send-request.js';

/** A `fetch` function: the runtime's own, or one you inject (a proxy agent, a test double). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Headers to send: a plain object (a `null` value removes a header set before), a `Headers`, or
 * `[name, value]` pairs, as groq-sdk accepts.
 */
export type HeadersLike =
  | Headers
  | readonly (readonly HeaderValue[])[]
  | Readonly<Record<string, HeaderValue | readonly HeaderValue[]>>
  | null;

/** One header value: text; `null` removes the header; `undefined` leaves it as it is. */
export type HeaderValue = string | null | undefined;

/** Extra `RequestInit` fields passed to `fetch` as they are (runtime-specific ones included). */
export type FetchOptions = Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'> & { [field: string]: unknown };

/** Query parameters: text, numbers and booleans as text, arrays as one parameter per item, `undefined` or `null` left out. */
export type QueryParameters = Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>>;

/** Options of {@link Groq}. */
export interface ClientOptions {
  /** Your Groq API key. Required (the Node and web bindings read `GROQ_API_KEY` when it is absent). */
  apiKey?: string | undefined;
  /** Where the API is. Default `https://api.groq.com` (also for `null`); requests go to `${baseURL}/openai/v1/...`. */
  baseURL?: string | null | undefined;
  /** Milliseconds to wait for the response headers (and a non-streamed body). Default 60 000. */
  timeout?: number | undefined;
  /** Retries for connection errors, 408, 409, 429, 498 and 5xx, with backoff. Default 2. */
  maxRetries?: number | undefined;
  /**
   * Longest silence between two events of a stream, in milliseconds, before it fails with
   * `StreamIdleTimeoutError` and the connection is aborted (heartbeat comments are not progress).
   * Default: the same as `timeout` (60 000), so a stalled stream never hangs forever; 0 turns it off.
   */
  streamIdleTimeout?: number | undefined;
  /** Largest single event of a stream, in characters, before it fails. Default 16 MiB. */
  maxEventSize?: number | undefined;
  /** The `fetch` to use. Default: the runtime's global `fetch`, looked up at each call. */
  fetch?: Fetch | undefined;
  /**
   * More `RequestInit` fields for every request, e.g. `{ cache: 'no-store' }`, or undici's `dispatcher` when
   * `fetch` is Node's global fetch. `method`, `headers`, `body` and `signal` are always the client's.
   */
  fetchOptions?: FetchOptions | undefined;
  /** Headers sent with every request; a `null` value removes a default header. */
  defaultHeaders?: HeadersLike | undefined;
  /** Query parameters added to every request URL; `undefined` leaves one out, other values are written as text. */
  defaultQuery?: QueryParameters | object | null | undefined;
  /**
   * How much to log: `off`, `error`, `warn` (the default), `info` (each retry) or `debug` (each request and
   * response: method, path, status, time, request id; never headers or bodies). The Node and web bindings
   * read `GROQ_LOG` when it is not given.
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. Default `console`. */
  logger?: Logger | undefined;
  /**
   * Allow the API key in a browser. Anyone who opens the page can read it there, so instead keep the key
   * on a server and relay the stream (see `createChatRouteHandler` in `@groq-stream/web`).
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** Options of one request; each overrides the client's. */
export interface RequestOptions {
  /** Aborts the request, its retries, and the stream. */
  signal?: AbortSignal | null | undefined;
  /**
   * Milliseconds to wait for the response headers (and a non-streamed body).
   *
   * @defaultValue the client's {@link Groq.timeout}
   */
  timeout?: number | undefined;
  /**
   * Retries for connection errors, 408, 409, 429, 498 and 5xx, with backoff.
   *
   * @defaultValue the client's {@link Groq.maxRetries}
   */
  maxRetries?: number | undefined;
  /**
   * Longest silence between two events of a stream, in milliseconds; 0 turns it off.
   *
   * @defaultValue the client's {@link Groq.streamIdleTimeout}
   */
  streamIdleTimeout?: number | undefined;
  /** Extra headers for this request; `null` removes a header. */
  headers?: HeadersLike | undefined;
  /** Query parameters added to this request's URL, over the client's `defaultQuery` (`undefined` removes one). */
  query?: QueryParameters | object | null | undefined;
  /** More `RequestInit` fields for this request, over the client's {@link ClientOptions.fetchOptions}. */
  fetchOptions?: FetchOptions | undefined;
}

const defaultBaseURL = 'https://api.groq.com';

/**
 * The Groq API client: `client.chat.completions.create(...)` streams or returns a completion. Runs in any
 * runtime with `fetch`; the `@groq-stream/node` and `@groq-stream/web` packages bind it.
 */
export class Groq {
  // The error classes also hang off the client, where groq-sdk users look for them (`Groq.APIError`), so
  // that code written for groq-sdk keeps working after the import line changes.
  /** The default `timeout`, 60 s in milliseconds, as `Groq.DEFAULT_TIMEOUT` in groq-sdk. */
  static readonly DEFAULT_TIMEOUT = 60_000;
  /** {@link GroqError}, also reachable as `Groq.GroqError` as in groq-sdk. */
  static readonly GroqError = GroqError;
  /** {@link APIError}, also reachable as `Groq.APIError` as in groq-sdk. */
  static readonly APIError = APIError;
  /** {@link APIConnectionError}, also reachable as `Groq.APIConnectionError` as in groq-sdk. */
  static readonly APIConnectionError = APIConnectionError;
  /** {@link APIConnectionTimeoutError}, also reachable as `Groq.APIConnectionTimeoutError` as in groq-sdk. */
  static readonly APIConnectionTimeoutError = APIConnectionTimeoutError;
  /** {@link APIUserAbortError}, also reachable as `Groq.APIUserAbortError` as in groq-sdk. */
  static readonly APIUserAbortError = APIUserAbortError;
  /** {@link BadRequestError}, also reachable as `Groq.BadRequestError` as in groq-sdk. */
  static readonly BadRequestError = BadRequestError;
  /** {@link AuthenticationError}, also reachable as `Groq.AuthenticationError` as in groq-sdk. */
  static readonly AuthenticationError = AuthenticationError;
  /** {@link PermissionDeniedError}, also reachable as `Groq.PermissionDeniedError` as in groq-sdk. */
  static readonly PermissionDeniedError = PermissionDeniedError;
  /** {@link NotFoundError}, also reachable as `Groq.NotFoundError` as in groq-sdk. */
  static readonly NotFoundError = NotFoundError;
  /** {@link ConflictError}, also reachable as `Groq.ConflictError` as in groq-sdk. */
  static readonly ConflictError = ConflictError;
  /** {@link UnprocessableEntityError}, also reachable as `Groq.UnprocessableEntityError` as in groq-sdk. */
  static readonly UnprocessableEntityError = UnprocessableEntityError;
  /** {@link RateLimitError}, also reachable as `Groq.RateLimitError` as in groq-sdk. */
  static readonly RateLimitError = RateLimitError;
  /** {@link InternalServerError}, also reachable as `Groq.InternalServerError` as in groq-sdk. */
  static readonly InternalServerError = InternalServerError;

  /** {@link ClientOptions.baseURL} without trailing slashes: `https://api.groq.com` unless set. */
  readonly baseURL: string;
  /** {@link ClientOptions.timeout}, in milliseconds: 60 000 unless set. */
  readonly timeout: number;
  /** {@link ClientOptions.maxRetries}: 2 unless set. */
  readonly maxRetries: number;
  /** {@link ClientOptions.streamIdleTimeout}, in milliseconds: {@link Groq.timeout} unless set; 0 means off. */
  readonly streamIdleTimeout: number;
  /** {@link ClientOptions.maxEventSize}, in characters; `undefined` means the default ({@link defaultMaxEventSize}). */
  readonly maxEventSize: number | undefined;
  /** The chat API. */
  readonly chat: {
    /** Creates chat completions, streamed or whole: `client.chat.completions.create(...)`. */
    readonly completions: ChatCompletions;
  };
  /** The models API: `client.models.list()`. */
  readonly models: Models;
  // A private field: never enumerable, never printed by console.log or JSON.stringify.
  readonly #apiKey: string;
  readonly #fetch: Fetch;
  readonly #defaultHeaders: HeaderEntry[];
  readonly #defaultQuery: QueryParameters;
  readonly #log: LogLine;
  /** What this client was made with, key included: for {@link Groq.withOptions}, and its `fetchOptions`. */
  readonly #options: ClientOptions;

  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The API key and the client's defaults.
   * @throws {@link GroqError} when `options.apiKey` is missing, blank or holds characters a header cannot
   *   carry, when another option is out of range (`baseURL` not an http(s) URL, a negative `timeout`, ...),
   *   or when running in a browser without `dangerouslyAllowBrowser: true`. The message never quotes the key.
   */
  constructor(options: ClientOptions = {}) {
    const apiKey = checkedApiKey(options.apiKey);
    if (apiKey === undefined) {
      throw new GroqError('No Groq API key was given.', {
        hint: 'Pass `new Groq({ apiKey })` or set the GROQ_API_KEY environment variable (create a key at https://console.groq.com/keys). To try things without a key, point baseURL at the mock server: npx groq-stream-mock --port 0.',
      });
    }
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new GroqError('Refusing to send a Groq API key from a browser, where anyone who opens the page can read it.', {
        hint: 'Keep the key on your server and relay the stream to the browser: createChatRouteHandler (@groq-stream/web) or createChatStreamMiddleware (@groq-stream/node) on the server, Stream.fromSSEResponse(await fetch("/api/chat", ...)) in the browser. If you understand the risk (a key the user supplies themselves), pass dangerouslyAllowBrowser: true.',
      });
    }
    checkRequestOptions(options);
    checkCount('maxEventSize', options.maxEventSize, 1);
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new GroqError(`fetch must be a function like the global fetch, got ${typeof options.fetch}.`);
    }
    this.#apiKey = apiKey;
    rememberSecret(apiKey);
    this.baseURL = checkedBaseURL(options.baseURL ?? defaultBaseURL);
    this.timeout = options.timeout ?? Groq.DEFAULT_TIMEOUT;
    this.maxRetries = options.maxRetries ?? 2;
    this.streamIdleTimeout = options.streamIdleTimeout ?? this.timeout;
    this.maxEventSize = options.maxEventSize;
    const injected = options.fetch;
    // Looked up at call time, so it never loses its `this` in a browser and tests can patch it.
    this.#fetch = injected ?? ((input, init) => globalThis.fetch(input, init));
    this.#defaultHeaders = headerEntries(options.defaultHeaders);
    this.#defaultQuery = { ...options.defaultQuery };
    this.#log = createLogLine(options.logLevel, options.logger);
    this.#options = { ...options, apiKey };
    this.chat = { completions: new ChatCompletions(this) };
    this.models = new Models(this);
  }

  /**
   * A new client with these options over this one's (key, base URL, `fetch` and the rest carry over), as in
   * groq-sdk: `client.withOptions({ maxRetries: 5 })`. This client is left unchanged.
   *
   * @param options - The options to change.
   * @throws {@link GroqError} when a changed option is out of range.
   */
  withOptions(options: Partial<ClientOptions>): this {
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client({ ...this.#options, ...options });
  }

  /**
   * Sends one request with this client's key, headers, timeout and retries. Used by the resources; exposed
   * for endpoints this SDK has no method for yet.
   */
  request(method: string, path: string, body: unknown, options: RequestOptions = {}, accept = 'application/json'): Promise<SentRequest> {
    checkRequestOptions(options);
    const url = new URL(this.baseURL + path);
    for (const [name, value] of Object.entries({ ...this.#defaultQuery, ...options.query })) {
      if (value === undefined || value === null) continue;
      if (secretName.test(name)) for (const item of [value].flat()) rememberRequestSecret(String(item));
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
      else url.searchParams.set(name, String(value));
    }
    // The key first, so that an `authorization` header of the request's (a tenant's own key) replaces it, as in groq-sdk.
    const headers = new Headers({ accept, 'content-type': 'application/json', authorization: `Bearer ${this.#apiKey}` });
    for (const [name, value] of [...this.#defaultHeaders, ...headerEntries(options.headers)]) {
      if (value === undefined) continue;
      // A list replaces the header with one line per item, as in groq-sdk.
      const values = value === null ? [] : typeof value === 'string' ? [value] : value.filter((item) => typeof item === 'string');
      headers.delete(name);
      for (const item of values) {
        setHeader(headers, name, item);
        // A tenant's own key (or a proxy's) given as a header is as secret as the client's.
        if (secretName.test(name)) rememberRequestSecret(item.replace(/^(?:Bearer|Basic|Token)\s+/i, ''));
      }
    }
    return sendRequest({
      method,
      url: url.toString(),
      path: url.pathname,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeout: options.timeout ?? this.timeout,
      maxRetries: options.maxRetries ?? this.maxRetries,
      signal: options.signal,
      fetch: this.#fetch,
      fetchOptions: options.fetchOptions === undefined ? this.#options.fetchOptions : { ...this.#options.fetchOptions, ...options.fetchOptions },
      log: this.#log,
    });
  }

  /**
   * The API key, as in groq-sdk. A getter, not a field, so that printing the client (`console.log`,
   * `JSON.stringify`) never shows it.
   */
  get apiKey(): string {
    return this.#apiKey;
  }

  /** The `logLevel` option, as in groq-sdk (`undefined` when not given: then `warn`, or what the binding reads). */
  get logLevel(): LogLevel | undefined {
    return this.#options.logLevel;
  }

  /** The `logger` option, as in groq-sdk (`undefined` when not given: then `console`). */
  get logger(): Logger | undefined {
    return this.#options.logger;
  }

  /** The `fetchOptions` option, as in groq-sdk. */
  get fetchOptions(): FetchOptions | undefined {
    return this.#options.fetchOptions;
  }

  /** Keeps the key out of `JSON.stringify(client)` and logs. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

/** Header and query parameter names whose values are credentials, to keep out of errors and logs. */
const secretName = /^(?!idempotency-key$).*(?:auth|key|token|secret|password|sig)/i;

type HeaderEntry = readonly [name: string, value: HeaderValue | readonly HeaderValue[]];

/** The headers as name/value pairs, in order; a copy, so later changes to the caller's object do not leak in. */
function headerEntries(headers: HeadersLike | undefined): HeaderEntry[] {
  if (headers === undefined || headers === null) return [];
  if (headers instanceof Headers) return [...headers];
  if (!Array.isArray(headers)) return Object.entries(headers as Record<string, HeaderValue | readonly HeaderValue[]>);
  // Pairs: a pair without a name is no header.
  return (headers as readonly (readonly HeaderValue[])[]).flatMap(([name, value]) => (typeof name === 'string' ? [[name, value] as const] : []));
}

/** `headers.append`, with an error that names the header but, unlike the runtime's, never quotes its value (it may be a secret). */
function setHeader(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, value);
  } catch {
    // The runtime's error is not kept as the cause: its message quotes the value.
    throw new GroqError(`The header ${excerpt(name, 60)} cannot be sent: its name or value holds characters HTTP headers cannot carry (line breaks, non-ASCII).`);
  }
}

function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; navigator?: { product?: string } };
  return typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined' && scope.navigator?.product !== 'ReactNative';
}

// Named outside the namespace below, where `RequestOptions`, `Model`, ... mean the namespace's own members
// (and the bundled declarations name each type once).
type ClientRequestOptions = RequestOptions;
type PackageModel = model.Model;
type PackageModelList = model.ModelList;
type PackageFunctionDefinition = tool.FunctionDefinition;
type PackageFunctionParameters = tool.FunctionParameters;
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
type PackageCompletionCreateParams = createParams.ChatCompletionCreateParams;
type PackageCompletionCreateParamsStreaming = createParams.ChatCompletionCreateParamsStreaming;
type PackageCompletionCreateParamsNonStreaming = createParams.ChatCompletionCreateParamsNonStreaming;

/**
 * groq-sdk's types under the client's name, so that code naming them that way (`Groq.Chat.ChatCompletion`,
 * `Groq.RequestOptions`, `Groq.Model`) compiles unchanged
 * after migrating. The same types are named exports of the package.
 */
export declare namespace Groq {
  /** The package's `RequestOptions`, under groq-sdk's name. */
  export type RequestOptions = ClientRequestOptions;
  /** The package's `Model`, under groq-sdk's name. */
  export type Model = PackageModel;
  /** The package's `CompletionUsage` (and its nested `CompletionUsage.PromptTokensDetails`), under groq-sdk's name. */
  export { PackageCompletionUsageWithNested as CompletionUsage };
  /** The package's `ModelList`, under groq-sdk's name. */
  export type ModelListResponse = PackageModelList;
  /** The package's `FunctionDefinition`, under groq-sdk's name. */
  export type FunctionDefinition = PackageFunctionDefinition;
  /** The package's `FunctionParameters`, under groq-sdk's name. */
  export type FunctionParameters = PackageFunctionParameters;
  export { GroqChat as Chat };
}

/**
 * groq-sdk's chat type names, `Groq.Chat.ChatCompletion` and the rest: the namespace that `Groq.Chat` of
 * this package and of `@groq-stream/node` and `@groq-stream/web` name.
 */
export declare namespace GroqChat {
  /** The same names again, as groq-sdk also nests them: `Groq.Chat.Completions.ChatCompletionMessageParam`. */
  export { GroqChat as Completions };
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
  /** The package's `ChatCompletionCreateParams`, under groq-sdk's name. */
  export type CompletionCreateParams = PackageCompletionCreateParams;
  /** The package's `ChatCompletionCreateParamsStreaming`, under groq-sdk's name. */
  export type CompletionCreateParamsStreaming = PackageCompletionCreateParamsStreaming;
  /** The package's `ChatCompletionCreateParamsNonStreaming`, under groq-sdk's name. */
  export type CompletionCreateParamsNonStreaming = PackageCompletionCreateParamsNonStreaming;
}
