import { ChatCompletions } from './chat-completions.js';
import { GroqError } from './errors/groq-error.js';
import { Models } from './models.js';
import { sendRequest, type SentRequest } from './send-request.js';

/** A `fetch` function: the runtime's own, or one you inject (a proxy agent, a test double). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Options of {@link Groq}. */
export interface ClientOptions {
  /** Your Groq API key. Required (the Node binding reads `GROQ_API_KEY` when it is absent). */
  apiKey?: string | undefined;
  /** Where the API is. Default `https://api.groq.com`; requests go to `${baseURL}/openai/v1/...`. */
  baseURL?: string | undefined;
  /** Milliseconds to wait for the response headers (and a non-streamed body). Default 60 000. */
  timeout?: number | undefined;
  /** Retries for connection errors, 408, 409, 429 and 5xx, with backoff. Default 2. */
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
  /** Headers sent with every request; a `null` value removes a default header. */
  defaultHeaders?: Record<string, string | null | undefined> | undefined;
  /** Query parameters added to every request URL. */
  defaultQuery?: Record<string, string | undefined> | undefined;
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
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  streamIdleTimeout?: number | undefined;
  /** Extra headers for this request; `null` removes a header. */
  headers?: Record<string, string | null | undefined> | undefined;
}

const defaultBaseURL = 'https://api.groq.com';

/**
 * The Groq API client: `client.chat.completions.create(...)` streams or returns a completion. Runs in any
 * runtime with `fetch`; the `@groq-stream/node` and `@groq-stream/web` packages bind it.
 */
export class Groq {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly streamIdleTimeout: number;
  readonly maxEventSize: number | undefined;
  readonly chat: { readonly completions: ChatCompletions };
  readonly models: Models;
  // A private field: never enumerable, never printed by console.log or JSON.stringify.
  readonly #apiKey: string;
  readonly #fetch: Fetch;
  readonly #defaultHeaders: Record<string, string | null | undefined>;
  readonly #defaultQuery: Record<string, string | undefined>;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey;
    if (apiKey === undefined || apiKey.trim() === '') {
      throw new GroqError('No Groq API key was given.', {
        hint: 'Pass `new Groq({ apiKey })` or set the GROQ_API_KEY environment variable (create a key at https://console.groq.com/keys). To try things without a key, point baseURL at the mock server: npx groq-stream-mock --port 0.',
      });
    }
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new GroqError('Refusing to send a Groq API key from a browser, where anyone who opens the page can read it.', {
        hint: 'Keep the key on your server and relay the stream to the browser: createChatRouteHandler (@groq-stream/web) or createChatStreamMiddleware (@groq-stream/node) on the server, Stream.fromSSEResponse(await fetch("/api/chat", ...)) in the browser. If you understand the risk (a key the user supplies themselves), pass dangerouslyAllowBrowser: true.',
      });
    }
    this.#apiKey = apiKey;
    this.baseURL = (options.baseURL ?? defaultBaseURL).replace(/\/+$/, '');
    this.timeout = options.timeout ?? 60_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.streamIdleTimeout = options.streamIdleTimeout ?? this.timeout;
    this.maxEventSize = options.maxEventSize;
    const injected = options.fetch;
    // Looked up at call time, so it never loses its `this` in a browser and tests can patch it.
    this.#fetch = injected ?? ((input, init) => globalThis.fetch(input, init));
    this.#defaultHeaders = { ...options.defaultHeaders };
    this.#defaultQuery = { ...options.defaultQuery };
    this.chat = { completions: new ChatCompletions(this) };
    this.models = new Models(this);
  }

  /**
   * Sends one request with this client's key, headers, timeout and retries. Used by the resources; exposed
   * for endpoints this SDK has no method for yet.
   */
  request(method: string, path: string, body: unknown, options: RequestOptions = {}, accept = 'application/json'): Promise<SentRequest> {
    const url = new URL(this.baseURL + path);
    for (const [name, value] of Object.entries(this.#defaultQuery)) if (value !== undefined) url.searchParams.set(name, value);
    const headers = new Headers({ accept, 'content-type': 'application/json' });
    for (const extra of [this.#defaultHeaders, options.headers ?? {}]) {
      for (const [name, value] of Object.entries(extra)) {
        if (value === null) headers.delete(name);
        else if (value !== undefined) headers.set(name, value);
      }
    }
    headers.set('authorization', `Bearer ${this.#apiKey}`);
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
    });
  }

  /** Keeps the key out of `JSON.stringify(client)` and logs. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; navigator?: { product?: string } };
  return typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined' && scope.navigator?.product !== 'ReactNative';
}
