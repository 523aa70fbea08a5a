import { describeCause } from './describe-cause.js';
import { describeKind } from './describe-kind.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { excerpt } from './excerpt.js';
import { maxDelayMs } from './max-delay-ms.js';
import { headerEntries } from './header-entries.js';
import { readOptionFields } from './read-option-fields.js';
import { rememberSecret } from './redact-secrets.js';
import type { ClientOptions, HeadersLike, RequestOptions } from './client-options.js';
import type { ChunkReaderOptions } from './chunk-reader-options.js';
import type { SSEReadableStreamOptions } from './encode-sse-stream.js';

/**
 * Checks a duration option in milliseconds: a whole or fractional number from 1 (or 0, where 0 turns the
 * limit off) up to what timers can hold.
 */
export function checkMilliseconds(name: string, value: unknown, zeroTurnsOff = false): void {
  if (value === undefined) return;
  const min = zeroTurnsOff ? 0 : 1;
  if (typeof value !== 'number' || !(value >= min && value <= maxDelayMs)) {
    throw new GroqError(`${name} must be a number of milliseconds from ${min} to ${maxDelayMs}${zeroTurnsOff ? ' (0 turns it off)' : ''}, got ${describeValue(value)}.`);
  }
}

/**
 * Checks the method and path of `client.request()`. The path is added to `baseURL` as text, so one that does
 * not start with `/` would change the host the key goes to (`.evil.example/x`, `@evil.example/x`); a method
 * that is not an HTTP token would fail in fetch like a network error and be retried.
 */
export function checkRequestTarget(method: unknown, path: unknown): void {
  if (typeof method !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(method)) {
    throw new GroqError(`The method must be an HTTP method such as GET or POST, got ${describeValue(method)}.`);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new GroqError(`The path must start with "/", got ${describeValue(path)}: it is added to baseURL as it is, so anything else would change the address.`, {
      hint: "Pass a path such as '/openai/v1/models'.",
    });
  }
}

/**
 * Checks a count option: a whole number, at least `min`, and exact as a number (at most Number.MAX_SAFE_INTEGER:
 * past it, `count + 1` may equal `count`, and a loop counting to it need not end). The message says both
 * bounds: `1e20` is a whole number, refused for being too large.
 */
export function checkCount(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new GroqError(`${name} must be a whole number from ${min} to ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), got ${describeValue(value)}.`);
  }
}

/**
 * Checks the per-request options that have ranges or types; `prefix` names where they sit, e.g. `requestOptions.`.
 * `options` is a plain copy, each option already read once ({@link readRequestOptions}, {@link readClientOptions},
 * a relay's own read). Returns `fetchOptions` as read and checked (see {@link readFetchOptions}), for the request
 * to send: read again, a getter could give another object.
 */
export function checkRequestOptions(
  options: { timeout?: unknown; maxRetries?: unknown; streamIdleTimeout?: unknown; signal?: unknown; fetchOptions?: unknown } = {},
  prefix = '',
): Record<string, unknown> | undefined {
  checkMilliseconds(`${prefix}timeout`, options.timeout);
  const { fetchOptions } = options;
  // Spread into each request's RequestInit: a string or a list would spread into nonsense and be ignored.
  if (fetchOptions !== undefined && fetchOptions !== null && (typeof fetchOptions !== 'object' || Array.isArray(fetchOptions))) {
    throw new GroqError(`${prefix}fetchOptions must be an object of RequestInit fields, got ${describeKind(fetchOptions)}.`, {
      hint: "Pass fields fetch takes, such as { cache: 'no-store' } or { dispatcher } for undici.",
    });
  }
  const fetchOptionsRead = readFetchOptions(fetchOptions as object | null | undefined, prefix);
  checkCount(`${prefix}maxRetries`, options.maxRetries, 0);
  checkMilliseconds(`${prefix}streamIdleTimeout`, options.streamIdleTimeout, true);
  const { signal } = options;
  // Checked by what the client uses, not `instanceof`: a polyfill's or another realm's signal works as well.
  if (signal !== undefined && signal !== null && !isAbortSignal(signal)) {
    throw new GroqError(`${prefix}signal must be an AbortSignal, got ${describeValue(signal)}.`, {
      hint: 'Pass controller.signal of an AbortController, or AbortSignal.timeout(ms).',
    });
  }
  return fetchOptionsRead;
}

/**
 * `fetchOptions` as the plain object spread into a request's `RequestInit`, read once, with the fields the
 * client sets refused (see below); `undefined` for none. Read for each request, not only by `new Groq()`: the
 * client keeps the object it was given, so that a field changed later takes effect as in groq-sdk, and a
 * field the client sets that was put there later is refused then, not ignored. A field that throws when read
 * (a getter, a Proxy) is a `GroqError` here, not a network failure that each attempt would meet again.
 */
export function readFetchOptions(fetchOptions: object | null | undefined, prefix = ''): Record<string, unknown> | undefined {
  if (fetchOptions === undefined || fetchOptions === null) return undefined;
  let copy: Record<string, unknown>;
  try {
    copy = { ...fetchOptions };
  } catch (cause) {
    throw new GroqError(`${prefix}fetchOptions could not be read: one of its fields threw when read (${describeCause(cause)}).`, {
      cause,
      hint: "Pass a plain object of RequestInit fields, such as { cache: 'no-store' }, whose fields can be read at each request.",
    });
  }
  checkFetchOptionFields(copy, prefix);
  return copy;
}

/**
 * The client sets `method`, `headers`, `body` and `signal` of each request over `fetchOptions` (groq-sdk lets
 * them replace its own), so a signal there would never cancel and headers there would never be sent: refused,
 * with where each goes instead. One text for a client, a request and a relay keeps the browser bundle small.
 */
function checkFetchOptionFields(fetchOptions: object, prefix: string): void {
  const given = fetchOptions as Record<string, unknown>;
  for (const field of ['headers', 'signal', 'method', 'body'] as const) {
    // Only what the spread into RequestInit would copy: an own, enumerable field that is not undefined.
    if (!Object.prototype.propertyIsEnumerable.call(given, field) || given[field] === undefined) continue;
    throw new GroqError(`${prefix}fetchOptions must not set ${field}: the client sets that field for each request, so a value there would be ignored.`, {
      hint: fetchFieldAdvice[field],
    });
  }
}

/** Where each field the client sets goes instead. */
const fetchFieldAdvice = {
  headers: "Pass headers with a request's headers option (requestOptions.headers in a relay) or the client's defaultHeaders.",
  signal:
    'Pass a signal with each request, create(params, { signal }), and AbortSignal.any([a, b]) to follow two. A relay needs none: it aborts upstream when the browser leaves.',
  method: 'Drop it: chat.completions.create always POSTs; client.request(method, path, body) reaches other endpoints.',
  body: 'Drop it: the body is the JSON of the parameters of the call (a relay changes them in prepare()).',
};

function describeValue(value: unknown): string {
  // Anything but a string or a primitive is named by its kind (`an object`, `an AbortController`), as describeKind
  // names it in the other options' messages: a function or an object could print a lot.
  return typeof value === 'string' ? excerpt(value, 40) : typeof value === 'number' || typeof value === 'boolean' || value == null ? String(value) : describeKind(value);
}

/**
 * The per-request options of a public method, checked: `null` is none, as in groq-sdk; anything but an object
 * is refused, rather than ignored with the signal or timeout it was meant to carry.
 */
export function requestOptionsOf<Options extends object>(options: Options | null | undefined): Options | Record<string, never> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options) || isAbortSignal(options)) {
    const signal = isAbortSignal(options);
    throw new GroqError(`The request options must be an object such as { signal, timeout }, got ${describeKind(options)}.`, {
      hint: signal ? 'Pass the signal inside it: { signal }.' : 'Pass an object, e.g. { timeout: 10_000, signal: controller.signal }.',
    });
  }
  return options;
}

/**
 * A request's options as a plain object, each option the client uses read once, when the call starts (see
 * {@link readOptionFields}): the request and its stream then use the values that were checked, and every
 * attempt of the request the same ones. An option that throws when read is a `GroqError` naming it, with
 * `context` (the request's method and path), never a network failure to retry.
 */
export function readRequestOptions(requestOptions: RequestOptions | null | undefined, context: ErrorRequestContext = {}): RequestOptions {
  return readOptionFields(requestOptionsOf(requestOptions), requestOptionNames, '', context) as RequestOptions;
}

const requestOptionNames = ['signal', 'timeout', 'maxRetries', 'streamIdleTimeout', 'headers', 'query', 'fetchOptions'] as const satisfies readonly (keyof RequestOptions)[];

function isAbortSignal(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function';
}

/**
 * The options of `new Groq()`, checked: `null` is none. A string is most often the key passed on its own;
 * it is refused without being quoted, rather than ignored for `GROQ_API_KEY` or a "no key" error.
 */
export function clientOptionsOf<Options extends object>(options: Options | null | undefined): Options | Record<string, never> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new GroqError(`new Groq() takes an object of options, got ${describeKind(options)}.`, {
      hint: typeof options === 'string' ? 'Pass the key inside it: new Groq({ apiKey }).' : "Pass an object, e.g. new Groq({ apiKey, timeout: 10_000 }).",
    });
  }
  return options;
}

/**
 * The options of `new Groq()` as a plain object, each option the client uses read once, and `defaultHeaders`
 * as `[name, value]` pairs, its entries read once too: the client then checks and keeps what was read, so a
 * getter runs once and cannot hand over a value other than the one checked. An option (or a header) that
 * throws when read is a `GroqError` naming it, with the cause; the key is never in the message. The Node and
 * web clients read their options with it before adding what the environment gives.
 *
 * @param options - What `new Groq()` was given; `null` and `undefined` are none.
 * @returns The options that were set (none `undefined`); fields the client does not use are left out.
 * @throws {@link GroqError} when `options` is not an object (a string, the key on its own, is not quoted), an
 *   option throws when read, or `defaultHeaders` are not headers.
 */
export function readClientOptions(options: ClientOptions | null | undefined): ClientOptions {
  const given = clientOptionsOf(options);
  const { apiKey } = readOptionFields(given, ['apiKey']);
  // Remembered before any other option is read: a getter that throws may quote the key (a proxy's, which
  // has no shape redaction knows), and its error goes into a message.
  if (typeof apiKey === 'string') rememberSecret(apiKey);
  const read = { ...(apiKey === undefined ? {} : { apiKey }), ...readOptionFields(given, clientOptionNames) } as ClientOptions;
  if (read.defaultHeaders !== undefined && read.defaultHeaders !== null) read.defaultHeaders = headerEntries(read.defaultHeaders, 'defaultHeaders') as HeadersLike;
  return read;
}

// apiKey is read first, on its own; these after it.
const clientOptionNames = [
  'baseURL',
  'timeout',
  'maxRetries',
  'streamIdleTimeout',
  'maxEventSize',
  'fetch',
  'fetchOptions',
  'defaultHeaders',
  'defaultQuery',
  'logLevel',
  'logger',
  'dangerouslyAllowBrowser',
] as const satisfies readonly (keyof ClientOptions)[];

/**
 * Checks the options of `Stream.fromSSEResponse` and `Stream.fromReadableStream`, which a page passes by hand:
 * unchecked, `NaN` failed every stream at once ("no data for NaN ms", every event "too large").
 * `method` names the call in the message.
 */
export function checkStreamOptions(options: unknown, method: string): void {
  if (options === undefined) return;
  checkOptionsObject(options, method, streamOptionNames.join(', '));
  const { idleTimeout, maxEventSize, expectedChoices } = options as Record<string, unknown>;
  // Any length of time, Infinity included: the idle timer waits in steps a timer can hold.
  if (idleTimeout !== undefined && !(typeof idleTimeout === 'number' && idleTimeout >= 0)) {
    throw new GroqError(`idleTimeout must be a number of milliseconds from 0 (0 turns it off), got ${describeValue(idleTimeout)}.`);
  }
  checkCount('maxEventSize', maxEventSize, 1);
  checkCount('expectedChoices', expectedChoices, 1);
}

// What `Stream.fromSSEResponse()` and `fromReadableStream()` take: named in the hint for options that are not an object.
const streamOptionNames = ['idleTimeout', 'maxEventSize', 'expectedChoices', 'context'] as const satisfies readonly (keyof ChunkReaderOptions)[];

// What `toSSEReadableStream()` takes: named in the hint for options that are not an object.
const sseReadableStreamOptionNames = ['heartbeatMs', 'stallTimeoutMs', 'errorPayload', 'onCancel', 'onStall'] as const satisfies readonly (keyof SSEReadableStreamOptions)[];

/**
 * Checks the options of `toSSEReadableStream()` (and of the relays built on it or on the same frames, such as
 * `createSSEResponse` and `pipeStreamToServerResponse`), which an app passes by hand: `heartbeatMs` and
 * `stallTimeoutMs` from 0 (off) to what a timer can hold, an `errorPayload`, an `onCancel` and an `onStall` that are functions, and a `signal`
 * (the relays') that is an `AbortSignal`, or `null` or `undefined` for none. Unchecked, `Infinity` or `NaN`
 * became a timer that fires every millisecond: a ping per millisecond, or a stream failed at once; and a
 * signal that was not one failed with the runtime's bare `TypeError`, after the stream had been taken.
 *
 * @param options - What the call was given; `undefined` is none.
 * @param method - Names the call in the message, e.g. `createSSEResponse()`.
 * @param optionNames - The options the call takes, named in the hint when `options` is not an object (a
 *   relay takes a `signal` that `toSSEReadableStream()` does not). Default: those of `toSSEReadableStream()`.
 * @throws {@link GroqError} naming the option, what it accepts and what it got.
 */
export function checkSSEStreamOptions(options: unknown, method: string, optionNames: readonly string[] = sseReadableStreamOptionNames): void {
  if (options === undefined) return;
  checkOptionsObject(options, method, optionNames.join(', '));
  const { heartbeatMs, stallTimeoutMs, errorPayload, onCancel, onStall, signal } = options as Record<string, unknown>;
  checkMilliseconds('heartbeatMs', heartbeatMs, true);
  checkMilliseconds('stallTimeoutMs', stallTimeoutMs, true);
  if (errorPayload !== undefined && typeof errorPayload !== 'function') {
    throw new GroqError(`errorPayload must be a function from an error to the payload the browser sees, got ${describeKind(errorPayload)}.`);
  }
  // Unchecked, it would fail only when a browser leaves, as the cancel's rejection that nobody sees.
  if (onCancel !== undefined && typeof onCancel !== 'function') {
    throw new GroqError(`onCancel must be a function, called when the reader cancels the stream before its end, got ${describeKind(onCancel)}.`);
  }
  // Unchecked, it would fail only when a reader stalls, in a timer, logged far from the option that caused it.
  if (onStall !== undefined && typeof onStall !== 'function') {
    throw new GroqError(`onStall must be a function, called when the reader takes no bytes for stallTimeoutMs, got ${describeKind(onStall)}.`);
  }
  // As a request's signal is checked: by what is used of it, so that a polyfill's or another realm's works too.
  if (signal !== undefined && signal !== null && !isAbortSignal(signal)) {
    throw new GroqError(`signal must be an AbortSignal, got ${describeValue(signal)}.`, {
      hint: "Pass the incoming request's signal (request.signal), controller.signal of an AbortController, or nothing.",
    });
  }
}

/** Refuses options that are not an object, naming the call (`method`) and the options it takes (`names`). */
function checkOptionsObject(options: unknown, method: string, names: string): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new GroqError(`${method} takes its options as an object, got ${describeKind(options)}.`, { hint: `Pass { ${names} }, or nothing.` });
  }
}
