import { checkCount, checkMilliseconds, checkRequestOptions } from './client-option-checks.js';
import { describeKind } from './describe-kind.js';
import { GroqError } from './errors/groq-error.js';
import { checkSendableHeaders, headerEntries } from './header-entries.js';
import { queryEntries } from './query-entries.js';
import { readOptionFields } from './read-option-fields.js';
import type { HeadersLike, RequestOptions } from './client-options.js';
import type { Groq } from './groq.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

/**
 * Options of the relays that take a conversation from a browser and stream Groq's answer back
 * (`createChatStreamMiddleware` in `@groq-stream/node`, `createChatRouteHandler` in `@groq-stream/web`).
 * The browser sends `{ messages, model? }`; everything else is decided here, on the server.
 *
 * `IncomingRequest` is the request the relay hands to `client` and `prepare`: the web `Request` in
 * `createChatRouteHandler`, the Node `IncomingMessage` (with Express's `body`) in `createChatStreamMiddleware`,
 * each of which takes its own, so that `request.headers` needs no cast there. Options written for either,
 * or for both (`ChatRelayOptions`, whose functions take `unknown`), are accepted by both.
 */
export interface ChatRelayOptions<IncomingRequest = unknown> {
  /**
   * The client that talks to Groq (it holds the key; the browser never sees it), or a function that picks
   * one for each request, e.g. with the key of the signed-in user's team:
   * `(request) => groq.withOptions({ apiKey: keyOf(request) })`. It gets the incoming web `Request` (web) or
   * Node request; throw a `ChatRequestError` (e.g. 401) to refuse.
   */
  client: Groq | ((request: IncomingRequest) => Groq | Promise<Groq>);
  /** The model to use. Give this or `models`. */
  model?: string | undefined;
  /** Models the browser may choose from with `model`; the first is the default. */
  models?: readonly string[] | undefined;
  /** `max_completion_tokens` of every request. Default 1024. */
  maxCompletionTokens?: number | undefined;
  /** Largest request body, in bytes; larger bodies get 413. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
  /**
   * Longest wait for the whole request body, in milliseconds; a slower upload gets 408, so that a client
   * trickling bytes cannot hold a connection open. 0 turns it off. Default 10 000.
   */
  bodyTimeoutMs?: number | undefined;
  /** Most messages in one conversation. Default 100. */
  maxMessages?: number | undefined;
  /** Let the browser send `system` (and `developer`) messages. Default false: the server owns the prompt. */
  allowSystemMessages?: boolean | undefined;
  /**
   * Interval of `: ping` heartbeat comments while streaming, in milliseconds: the first at once, then on a
   * fixed clock (pings also come between chunks), none while the browser is behind. 0 turns them off.
   * Default 15 000.
   */
  heartbeatMs?: number | undefined;
  /**
   * Longest time, in milliseconds, the browser may take no bytes while the answer streams; after that its
   * connection is closed and the upstream request aborted, so that a client that stops reading but keeps
   * the connection open cannot hold a Groq stream (and its share of your rate limit) for ever. 0 turns it
   * off. Default 30 000.
   */
  stallTimeoutMs?: number | undefined;
  /**
   * Per-request options for the upstream call (timeouts, retries, headers). Read once, when the relay is made,
   * and checked as `create()` checks a request's options (each of `headers` and `query` too), so that a value
   * no request could send throws `GroqError` then rather than failing every request with a 500; every request
   * then uses that copy, and later changes to the object (or a getter's later values) are not seen. Its
   * `fetchOptions` must not set `method`, `headers`, `body` or `signal`: put headers in `headers`; the relay
   * aborts the upstream itself when the browser leaves. A `signal` here is refused too (typed out; JavaScript
   * can still pass one): each request gets the browser request's signal instead.
   */
  requestOptions?: Omit<RequestOptions, 'signal'> | undefined;
  /**
   * Last look at the parameters before they are sent: add a system prompt, set temperature, tools or
   * `user`, or throw a `ChatRequestError` to refuse. Gets the incoming web `Request` (web) or Node request.
   * Return parameters with `stream: true` (`{ ...params, ... }`): anything else is refused as the app's
   * failure (500) before anything is sent.
   */
  prepare?: ((params: ChatCompletionCreateParamsStreaming, request: IncomingRequest) => ChatCompletionCreateParamsStreaming | Promise<ChatCompletionCreateParamsStreaming>) | undefined;
}

/** Defaults of {@link ChatRelayOptions}. */
export const chatRelayDefaults = {
  /** Default of {@link ChatRelayOptions.maxCompletionTokens}. */
  maxCompletionTokens: 1024,
  /** Default of {@link ChatRelayOptions.maxBodyBytes}: 64 KiB. */
  maxBodyBytes: 64 * 1024,
  /** Default of {@link ChatRelayOptions.maxMessages}. */
  maxMessages: 100,
  /** Default of {@link ChatRelayOptions.bodyTimeoutMs}: 10 s, for 64 KiB over the slowest mobile link. */
  bodyTimeoutMs: 10_000,
  /** Default of {@link ChatRelayOptions.stallTimeoutMs}: 30 s, far beyond a live browser's pause. */
  stallTimeoutMs: 30_000,
} as const;

/**
 * Checks a relay's options when the relay is made, so that a mistake fails at start-up with a message
 * rather than as a 500 or 502 on every request. A `client` getter is not called (it may create the client on
 * the first request, see `createChatRouteHandler`); a `client` value must be a client or a function.
 *
 * `requestOptions` is read here, once, and checked as `create()` would check it at each request: its
 * `timeout`, `maxRetries`, `streamIdleTimeout`, `fetchOptions`, and each header of `headers` and parameter
 * of `query` (a value that is an object, a line break in a header, a header the connection sets such as
 * `content-length`). What was read is returned, for the relay to send with every request.
 *
 * @returns `requestOptions` as read and checked: a plain object (`headers` as a list of `[name, value]`
 *   pairs, `query` as an object of lists of text) to spread, with the browser request's `signal`, into
 *   the options of each request: `create(params, { ...requestOptions, signal })`. Reading `options.requestOptions`
 *   again at each request would send what was not checked (a getter may give another value, or throw).
 * @throws {@link GroqError} naming the option, what it must be, and what it was.
 */
export function checkChatRelayOptions<IncomingRequest>(options: ChatRelayOptions<IncomingRequest>): Omit<RequestOptions, 'signal'> {
  // The descriptor, not the value: reading a getter would create the client now.
  const client = descriptorOf(options, 'client');
  const given = client === undefined ? undefined : 'value' in client ? client.value : client.get;
  if (typeof given !== 'function' && !(typeof given === 'object' && given !== null && typeof given.chat?.completions?.create === 'function')) {
    throw new GroqError(`A chat relay needs \`client\`: a Groq client, or a function of the request that gives one; got ${describeKind(given)}.`, {
      hint: 'For example { client: new Groq(), model }, or a getter that creates the client on the first request.',
    });
  }
  const { model, models, prepare, requestOptions } = options;
  // With `models`, `model` is not used (the first of `models` is the default).
  const hasModels = models === undefined ? isName(model) : Array.isArray(models) && models.length > 0 && models.every(isName);
  if (!hasModels) {
    throw new GroqError(`A chat relay needs \`model\` (a model name) or \`models\` (a non-empty list of model names); ${modelProblem(model, models)}.`, {
      hint: "For example { client, model: 'llama-3.3-70b-versatile' }.",
    });
  }
  checkCount('maxCompletionTokens', options.maxCompletionTokens, 1);
  checkCount('maxBodyBytes', options.maxBodyBytes, 1);
  checkCount('maxMessages', options.maxMessages, 1);
  checkMilliseconds('bodyTimeoutMs', options.bodyTimeoutMs, true);
  checkMilliseconds('heartbeatMs', options.heartbeatMs, true);
  checkMilliseconds('stallTimeoutMs', options.stallTimeoutMs, true);
  // Read as a flag: a string such as 'false' (from a config file or an environment variable) would be truthy
  // and hand the browser the system prompt it was meant to keep.
  const { allowSystemMessages } = options as { allowSystemMessages?: unknown };
  if (allowSystemMessages !== undefined && allowSystemMessages !== null && typeof allowSystemMessages !== 'boolean') {
    throw new GroqError(`allowSystemMessages must be true or false, got ${describeKind(allowSystemMessages)}.`);
  }
  if (prepare !== undefined && typeof prepare !== 'function') throw new GroqError(`prepare must be a function, got ${describeKind(prepare)}.`);
  return readRelayRequestOptions(requestOptions);
}

/**
 * `requestOptions` read once and checked with the rules a request applies (see {@link checkChatRelayOptions}),
 * as the plain object every request of the relay is sent with.
 */
function readRelayRequestOptions(given: unknown): Omit<RequestOptions, 'signal'> {
  if (given === undefined || given === null) return {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new GroqError(`requestOptions must be an object of request options, got ${describeKind(given)}.`, {
      hint: "Pass, for example, { timeout: 20_000, headers: { 'x-app': 'demo' } }, or leave it out.",
    });
  }
  const prefix = 'requestOptions.';
  const read = readOptionFields(given, ['timeout', 'maxRetries', 'streamIdleTimeout', 'headers', 'query', 'fetchOptions', 'signal'], prefix);
  const fetchOptions = checkRequestOptions(read, prefix);
  // Typed out, but JavaScript can pass it: each request's own signal replaces it, so it would never cancel.
  if (read.signal !== undefined && read.signal !== null) {
    throw new GroqError('requestOptions.signal is not used: the relay passes each request the signal of the browser request, so it would never abort.', {
      hint: 'Leave it out: the upstream is aborted when the browser leaves. To end every relayed stream at shutdown, close the browser connections (server.closeAllConnections() in Node).',
    });
  }
  // What each request would do with them, tried now: a copy of the entries, so that a getter among them
  // runs once, here, and a value no request could send fails here rather than every request with a 500.
  const headers = headerEntries(read.headers, `${prefix}headers`);
  checkSendableHeaders(headers, `${prefix}headers`, true);
  const query = queryEntries(read.query, `${prefix}query`, undefined, true);
  const { timeout, maxRetries, streamIdleTimeout } = read as Pick<RequestOptions, 'timeout' | 'maxRetries' | 'streamIdleTimeout'>;
  return {
    ...(timeout === undefined ? {} : { timeout }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(streamIdleTimeout === undefined ? {} : { streamIdleTimeout }),
    ...(read.headers === undefined || read.headers === null ? {} : { headers: headers as unknown as HeadersLike }),
    ...(read.query === undefined || read.query === null ? {} : { query: Object.fromEntries(query) }),
    ...(fetchOptions === undefined ? {} : { fetchOptions }),
  };
}

/** The property's descriptor, own or inherited (options may be a class instance with a getter). */
function descriptorOf(object: object, key: string): PropertyDescriptor | undefined {
  for (let current: object | null = object; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

/**
 * What was wrong with `model` and `models`, never quoting them: `models: ['llama-3.3-70b-versatile', 7]` was
 * refused as if there were no list, which left the developer looking at a non-empty list of model names.
 */
function modelProblem(model: unknown, models: unknown): string {
  if (models === undefined) return model === undefined ? 'neither was given' : `\`model\` is ${nameProblem(model)}`;
  if (!Array.isArray(models)) return `\`models\` is ${describeKind(models)}, not a list`;
  if (models.length === 0) return '`models` is empty';
  const index = models.findIndex((item) => !isName(item));
  return `\`models[${index}]\` is ${nameProblem(models[index])}`;
}

function nameProblem(value: unknown): string {
  if (value === '') return 'an empty string';
  return typeof value === 'string' ? 'blank' : describeKind(value);
}

function isName(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
