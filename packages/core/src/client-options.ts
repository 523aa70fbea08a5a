import type { Groq } from './groq.js';
import type { Logger, LogLevel } from './logger.js';

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

/**
 * Extra `RequestInit` fields passed to `fetch` as they are (runtime-specific ones included). `method`,
 * `headers`, `body` and `signal` are set by the client for each request, so any of them but `undefined`
 * throws `GroqError` rather than being lost. Send headers with the `defaultHeaders` or `headers` option,
 * and cancel with the per-request `signal` option.
 */
export type FetchOptions = Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'> & {
  /** Not accepted (throws `GroqError`): the client sets each call's method. */
  method?: undefined;
  /** Not accepted (throws `GroqError`): use the `defaultHeaders` option, or a request's `headers`. */
  headers?: undefined;
  /** Not accepted (throws `GroqError`): the body is the JSON of each call's parameters. */
  body?: undefined;
  /** Not accepted (throws `GroqError`): pass a request's `signal` option; a client has none. */
  signal?: undefined;
  [field: string]: unknown;
};

/** Query parameters: text, numbers and booleans as text, arrays as one parameter per item, `undefined` or `null` left out. */
export type QueryParameters = Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>>;

/** Options of {@link Groq}. */
export interface ClientOptions {
  /** Your Groq API key. Required (the Node and web bindings read `GROQ_API_KEY` when it is absent). */
  apiKey?: string | undefined;
  /** Where the API is. Default `https://api.groq.com` (also for `null`); requests go to `${baseURL}/openai/v1/...`. */
  baseURL?: string | null | undefined;
  /**
   * Milliseconds each try waits for the response headers (and a non-streamed body); each retry has its own. Default
   * 60 000. To bound a whole call, retries and waits included, pass a request's `signal: AbortSignal.timeout(ms)`.
   */
  timeout?: number | undefined;
  /** Retries for connection errors, 408, 409, 429, 498 and 5xx, with backoff. Default 2. */
  maxRetries?: number | undefined;
  /**
   * Longest silence between two events of a stream, in milliseconds, before it fails with
   * `StreamIdleTimeoutError` and the connection is aborted (heartbeat comments are not progress). Before
   * failing, the runtime gets one more turn to read the network, so a stall of the process itself does not fail
   * a stream whose next event came in time.
   * Default: the same as `timeout` (60 000), so a stalled stream never hangs forever; 0 turns it off.
   */
  streamIdleTimeout?: number | undefined;
  /** Largest single event of a stream, in characters, before it fails. Default 16 MiB. */
  maxEventSize?: number | undefined;
  /** The `fetch` to use. Default: the runtime's global `fetch`, looked up at each call. */
  fetch?: Fetch | undefined;
  /**
   * More `RequestInit` fields for every request, e.g. `{ cache: 'no-store' }`, or undici's `dispatcher` when
   * `fetch` is Node's global fetch. `method`, `headers`, `body` and `signal` are the client's: any of them
   * throws `GroqError`. Send headers with `defaultHeaders`; a client has no signal, so pass one with each
   * request (`{ signal }`, `AbortSignal.any([...])` to follow two). The object is read at each request, as
   * in groq-sdk: a field changed later takes effect, and one of those four added later fails that request
   * with `GroqError`, as does a field that throws when read (never retried as a network failure).
   */
  fetchOptions?: FetchOptions | undefined;
  /**
   * Headers sent with every request; a `null` value removes a default header. One the connection manages
   * (`content-length`, `expect`, `keep-alive`, `transfer-encoding`, `upgrade`) throws `GroqError` from `new Groq()`.
   */
  defaultHeaders?: HeadersLike | undefined;
  /**
   * Query parameters added to every request URL: text, numbers and booleans are written as text, a list as
   * one parameter per item, and `null` or `undefined` leaves one out. Any other value throws `GroqError`.
   */
  defaultQuery?: QueryParameters | object | null | undefined;
  /**
   * How much to log: `off`, `error`, `warn` (the default), `info` (each retry) or `debug` (each request and
   * response: method, path, status, time, request id; never headers or bodies). The Node and web bindings
   * read `GROQ_LOG` when it is not given.
   */
  logLevel?: LogLevel | undefined;
  /**
   * Where log lines go. Default `console`. A method that throws fails the request it was logging, with a
   * `GroqError` whose `cause` is what it threw; the request's connection is released first.
   */
  logger?: Logger | undefined;
  /**
   * Allow the API key in a browser. Anyone who opens the page can read it there, so instead keep the key
   * on a server and relay the stream (see `createChatRouteHandler` in `@groq-stream/web`).
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/**
 * Options of one request; each overrides the client's. Each option, and each entry of `headers`, `query` and
 * `fetchOptions`, is read once when the call starts, and every retry uses what was read then; one that throws
 * when read (a getter) fails the call with `GroqError` naming it, before anything is sent.
 */
export interface RequestOptions {
  /** Aborts the request, its retries, and the stream. */
  signal?: AbortSignal | null | undefined;
  /**
   * Milliseconds each try waits for the response headers (and a non-streamed body); each retry has its own.
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
   * @defaultValue the client's {@link Groq.streamIdleTimeout}, or this request's `timeout` when it sets one and
   *   the client was made without `streamIdleTimeout` (whose default is then its `timeout`)
   */
  streamIdleTimeout?: number | undefined;
  /** Extra headers for this request; `null` removes a header. */
  headers?: HeadersLike | undefined;
  /** Query parameters added to this request's URL, over the client's `defaultQuery` (`null` or `undefined` removes one). */
  query?: QueryParameters | object | null | undefined;
  /**
   * More `RequestInit` fields for this request, over the client's {@link ClientOptions.fetchOptions}.
   * `method`, `headers`, `body` or `signal` in it fails the call with `GroqError` before anything is sent (a
   * promise such as `create()`'s rejects): use the `headers` and `signal` options.
   */
  fetchOptions?: FetchOptions | undefined;
}
