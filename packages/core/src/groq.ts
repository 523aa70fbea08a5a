import { describeKind } from './describe-kind.js';
import { authorizationHint } from './authorization-hint.js';
import { ChatCompletions } from './chat-completions.js';
import { createLogLine, type Logger, type LogLevel, type LogLine } from './logger.js';
import { checkedBaseURL } from './checked-base-url.js';
import { changedOptions } from './changed-options.js';
import { requestJSON } from './request-json.js';
import { checkCount, checkRequestOptions, checkRequestTarget, readClientOptions, readFetchOptions, readRequestOptions } from './client-option-checks.js';
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
import type { APIErrorObject } from './types/api-error-body.js';
import type { CompletionUsage as PackageCompletionUsageWithNested } from './types/completion-usage.js';
import type * as tool from './types/chat-completion-tool.js';
import type * as model from './types/model.js';
import type { ClientOptions, Fetch, FetchOptions, RequestOptions } from './client-options.js';
import { readingAnyBody } from './as-web-response.js';
import { checkSendableHeaders, headerEntries, replaceHeader, type HeaderEntry } from './header-entries.js';
import { headerSecrets } from './header-secrets.js';
import { isCredentialName } from './is-credential-name.js';
import { queryEntries, type QueryEntry } from './query-entries.js';
import type { GroqChat } from './groq-chat.js';
import { sendRequest, type SentRequest } from './send-request.js';
import { usableApiKey } from './usable-api-key.js';
import { idleTimeoutFollowsTimeout } from './stream-idle-timeout-for.js';

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

  /**
   * The client class itself, as `Groq.Groq` in groq-sdk (`new Groq.Groq(...)`). A getter, so that read from
   * a subclass (`@groq-stream/node`'s `Groq`) it gives that subclass.
   */
  static get Groq(): typeof Groq {
    return this;
  }

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
  readonly #defaultQuery: QueryEntry[];
  readonly #log: LogLine;
  /** What this client was made with, key included: for {@link Groq.withOptions}, and its `fetchOptions`. */
  readonly #options: ClientOptions;

  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param clientOptions - The API key and the client's defaults.
   * @throws {@link GroqError} when `apiKey` is missing, blank or holds characters a header cannot
   *   carry, when another option is out of range (`baseURL` not an http(s) URL, a negative `timeout`, ...),
   *   when `fetchOptions` sets `method`, `headers`, `body` or `signal` (the client sets them for each request),
   *   when `defaultHeaders` sets a header the connection manages (`content-length`, ...), when an option throws
   *   when read (each is read once; see {@link readClientOptions}), or when running in a browser without
   *   `dangerouslyAllowBrowser: true`. The message never quotes the key.
   */
  constructor(clientOptions: ClientOptions | null = {}) {
    // Each option read once, here: what is checked below is what the client keeps, and an option that throws
    // when read is a GroqError naming it, not the getter's raw error.
    const options = readClientOptions(clientOptions);
    const apiKey = usableApiKey(options.apiKey, options.dangerouslyAllowBrowser);
    checkRequestOptions(options);
    checkCount('maxEventSize', options.maxEventSize, 1);
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new GroqError(`fetch must be a function like the global fetch, got ${describeKind(options.fetch)}.`);
    }
    this.#apiKey = apiKey;
    rememberSecret(apiKey);
    this.baseURL = checkedBaseURL(options.baseURL ?? defaultBaseURL);
    this.timeout = options.timeout ?? Groq.DEFAULT_TIMEOUT;
    this.maxRetries = options.maxRetries ?? 2;
    this.streamIdleTimeout = options.streamIdleTimeout ?? this.timeout;
    if (options.streamIdleTimeout === undefined) idleTimeoutFollowsTimeout(this);
    this.maxEventSize = options.maxEventSize;
    const injected = options.fetch;
    // Looked up at call time, so it never loses its `this` in a browser and tests can patch it.
    this.#fetch = injected === undefined ? (input, init) => globalThis.fetch(input, init) : readingAnyBody(injected);
    this.#defaultHeaders = headerEntries(options.defaultHeaders, 'defaultHeaders');
    checkSendableHeaders(this.#defaultHeaders, 'defaultHeaders');
    this.#defaultQuery = queryEntries(options.defaultQuery, 'defaultQuery');
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
   * @throws {@link GroqError} when a changed option is out of range or throws when read (each is read once), or
   *   `fetchOptions` sets `method`, `headers`, `body` or `signal`.
   */
  withOptions(options: Partial<ClientOptions>): this {
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client({ ...this.#options, ...changedOptions(options) });
  }

  /**
   * Sends one request with this client's key, headers, timeout and retries. Used by the resources; exposed
   * for endpoints this SDK has no method for yet.
   */
  request(method: string, path: string, body: unknown, requestOptions?: RequestOptions | null, accept = 'application/json'): Promise<SentRequest> {
    checkRequestTarget(method, path);
    const url = new URL(this.baseURL + path);
    const context = { method, path: url.pathname };
    // Each option read once, here (or by the method that called, which passes what it read): the request
    // sends what was checked, and an option that throws when read is a GroqError before anything is sent.
    const options = readRequestOptions(requestOptions, context);
    const fetchOptions = checkRequestOptions(options);
    // A request's parameter replaces the default of that name; null or undefined takes it out. A query string in
    // the path is the request's too: its parameters replace the defaults of their names, and the `query` option
    // replaces the path's of its names, rather than either sending a name twice.
    const inPath = new Set(url.searchParams.keys());
    const defaults = this.#defaultQuery.filter(([name]) => !inPath.has(name));
    for (const [name, values] of new Map([...defaults, ...queryEntries(options.query, 'query', context)])) {
      if (inPath.has(name)) url.searchParams.delete(name);
      for (const value of values) {
        if (isCredentialName(name)) rememberRequestSecret(value);
        url.searchParams.append(name, value);
      }
    }
    // Remembered again with each request: the list of remembered keys is bounded, and a client made before a
    // hundred others (one per tenant, say) would otherwise send a key that its errors no longer redact. A key
    // still in the list only moves to its end.
    rememberSecret(this.#apiKey);
    // The key first, so that an `authorization` header of the request's (a tenant's own key) replaces it, as in groq-sdk.
    const headers = new Headers({ accept, authorization: `Bearer ${this.#apiKey}` });
    // Only a request with a body has a type to declare (a GET with one reads as malformed to strict proxies).
    if (body !== undefined) headers.set('content-type', 'application/json');
    const defaultCount = this.#defaultHeaders.length;
    let authorizationFrom: string | undefined;
    for (const [position, [name, value]] of [...this.#defaultHeaders, ...headerEntries(options.headers, 'headers', context)].entries()) {
      // A tenant's own key (or a proxy's, or a gateway's session cookie) given as a header is as secret as the
      // client's. Remembered as it is sent (the lines `replaceHeader` returns): a server echoes the key without the
      // white space around the value as given (a key read from a file with its line break), which the value as
      // given would not match.
      for (const line of replaceHeader(headers, name, value)) {
        for (const secret of headerSecrets(name, line)) rememberRequestSecret(secret);
      }
      if (value !== undefined && name.toLowerCase() === 'authorization') authorizationFrom = position < defaultCount ? 'defaultHeaders' : "the request's headers";
    }
    return sendRequest({
      method,
      url: url.toString(),
      path: url.pathname,
      headers,
      body: body === undefined ? undefined : requestJSON(body),
      timeout: options.timeout ?? this.timeout,
      maxRetries: options.maxRetries ?? this.maxRetries,
      signal: options.signal,
      fetch: this.#fetch,
      // Read now, as plain objects, once for all the request's attempts: see `readFetchOptions`. The request's
      // own are those checkRequestOptions read and checked.
      fetchOptions: { ...readFetchOptions(this.#options.fetchOptions), ...fetchOptions },
      log: this.#log,
      credentialHint: authorizationHint(headers.get('authorization'), `Bearer ${this.#apiKey}`, authorizationFrom),
    });
  }

  /**
   * The API key, as in groq-sdk. A getter, not a field, so that printing the client (`console.log`,
   * `JSON.stringify`) never shows it.
   */
  get apiKey(): string {
    return this.#apiKey;
  }

  /** The level lines are logged at, as in groq-sdk: the `logLevel` option (or what the binding reads), else `warn`. */
  get logLevel(): LogLevel {
    return this.#options.logLevel ?? 'warn';
  }

  /** Where lines are logged, as in groq-sdk: the `logger` option, else `console`. */
  get logger(): Logger {
    return this.#options.logger ?? console;
  }

  /** The `fetchOptions` option, as in groq-sdk. */
  get fetchOptions(): FetchOptions | undefined {
    return this.#options.fetchOptions;
  }

  /** Keeps the key out of `JSON.stringify(client)` and logs. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }

  /**
   * Keeps the key out of Node's `util.inspect(client)` whatever its options: with `showHidden` it lists the
   * getters of the client's class, and with `getters: true` it calls them, `apiKey` among them. The client is
   * shown as without `showHidden`: its fields. A runtime that calls it without an `inspect` function gets those
   * fields as a plain object to show.
   */
  [Symbol.for('nodejs.util.inspect.custom')](depth: number, options?: object, inspect?: (value: unknown, options: object) => string): unknown {
    if (typeof inspect !== 'function') return { ...this };
    return inspect(this, { ...options, depth, showHidden: false, getters: false, customInspect: false });
  }
}

// Named outside the namespace below, where `RequestOptions`, `Model`, ... mean the namespace's own members
// (and the bundled declarations name each type once).
type ClientRequestOptions = RequestOptions;
type PackageModel = model.Model;
type PackageModelList = model.ModelList;
type PackageFunctionDefinition = tool.FunctionDefinition;
type PackageFunctionParameters = tool.FunctionParameters;

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
  /** The package's `APIErrorObject`, the `error` member of an error body, under groq-sdk's name. */
  export type ErrorObject = APIErrorObject;
  /** The package's `ModelList`, under groq-sdk's name. */
  export type ModelListResponse = PackageModelList;
  /** The type of `client.models`, as groq-sdk's `Groq.Models` is. */
  export type Models = Groq['models'];
  /** The model types again, as groq-sdk also nests them: `Groq.Models.Model`. */
  export namespace Models {
    /** The package's `Model`, as `Groq.Models.Model` in groq-sdk. */
    export type Model = PackageModel;
    /** The package's `ModelList`, as `Groq.Models.ModelListResponse` in groq-sdk. */
    export type ModelListResponse = PackageModelList;
  }
  /** The package's `FunctionDefinition`, under groq-sdk's name. */
  export type FunctionDefinition = PackageFunctionDefinition;
  /** The package's `FunctionParameters`, under groq-sdk's name. */
  export type FunctionParameters = PackageFunctionParameters;
  export { GroqChat as Chat };
}
