import { headersName, isCredentialsMode, isPlainName, isSecretName } from './redact-named-values.js';
import { isPropertySchema } from './property-schema.js';
import { redactKnownKeys, redactSecrets } from './redact-secrets.js';

/**
 * `value` with every credential in it replaced by `[redacted]` (the keys of this process's clients, keys
 * sent in request headers, what looks like a key or a token, and the value of a field, header or Map key named as a
 * credential: `password`, `x-api-key`, `Authorization`), to a depth of 8: in strings, objects,
 * arrays, `Headers`, errors (message, stack, own fields, `cause`), raw bytes (as text), `Request` and `Response`
 * (as plain objects of their URL and headers), `Map`, `Set`, `URL` and `URLSearchParams`. What holds no
 * credential is returned as it is; what does is copied, never changed in place; what cannot be inspected
 * becomes an `Error` saying so. The SDK's own errors come redacted already; pass anything else through here
 * before logging it, e.g. `console.error(redactSecretsDeep(error))`.
 *
 * @param value - What to log.
 * @param depth - How deep to look; anything deeper is replaced by a note rather than shown unchecked.
 */
export function redactSecretsDeep<T>(value: T, depth = 8): T {
  try {
    return redactDeep(value, depth, redactSecrets);
  } catch {
    // A value that cannot even be looked at (a Proxy whose traps throw, getters that throw) cannot be shown
    // safely either, and a logger or error handler must not fail on it: it stands in for the value.
    return new Error('Something failed with a value that cannot be inspected for secrets (a Proxy, or getters that throw): it is not shown.') as T;
  }
}

/**
 * A chunk as parsed from JSON (objects, arrays, strings, numbers), with {@link redactKnownKeys} applied to
 * every string and name in it, to the depth JSON can reach: an answer is redacted, never cut short. What
 * holds no key is returned as it is; what does is copied.
 */
export function redactKnownKeysInJSON<T>(value: T): T {
  return redactDeep(value, maxJSONDepth, redactKnownKeys);
}

// Far deeper than any chunk; a server nesting further gets a note rather than a stack overflow.
const maxJSONDepth = 256;

type Redact = (text: string) => string;

/** `value` redacted; `name` is the name it is under in an object or a Map, for a list (see pairedValues). */
function redactDeep<T>(value: T, depth: number, redact: Redact, name?: string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than anyone reads an error, and unchecked: not shown rather than shown with a key in it.
  if (depth === 0) return '[nested too deeply to check for secrets]' as T;
  // Raw bytes, such as the response a runtime's HTTP parser choked on: shown as text when they hold a secret.
  if (ArrayBuffer.isView(value)) return redactBytes(value, redact) as T;
  if (value instanceof ArrayBuffer) return redactBuffer(value, redact) as T;
  if (value instanceof Error) return redactError(value, depth, redact) as T;
  if (value instanceof Headers) return redactHeaders(value, redact) as T;
  // Values whose contents Object.entries does not see, but that inspect and console.log show whole: the Request a
  // fetch wrapper's error keeps (ky's, ofetch's), with the key in its headers, the Response it got, a Map of headers.
  if (value instanceof Request) return redactRequest(value, depth, redact) as T;
  if (value instanceof Response) return redactResponse(value, depth, redact) as T;
  if (value instanceof Map) return redactMap(value, depth, redact) as T;
  if (value instanceof Set) return redactSet(value, depth, redact) as T;
  if (value instanceof URL || value instanceof URLSearchParams) return redactText(value, redact) as T;
  const entries = Object.entries(value);
  const redacted = Array.isArray(value) ? redactEntries(entries, depth, redact, pairedValues(value, redact, name), true) : redactEntries(entries, depth, redact);
  if (redacted === entries) return value;
  return (Array.isArray(value) ? redacted.map(([, item]) => item) : Object.fromEntries(redacted)) as T;
}

/** The entries with names and values redacted (an echo may put a key in a name), or the same array when nothing changed. */
function redactEntries(entries: [string, unknown][], depth: number, redact: Redact, hidden?: Set<string>, ofList = false): [string, unknown][] {
  const logprobEntry = isLogprobEntry(entries);
  const redacted = entries.map(([name, item]): [string, unknown] => [
    redact(name),
    hidden?.has(name) === true ? hiddenValue(item as string) : redactItem(name, item, depth, redact, logprobEntry, ofList),
  ]);
  return redacted.every(([name, item], index) => name === entries[index]![0] && item === entries[index]![1]) ? entries : redacted;
}

// A parsed body or an error's fields hide a value by its name, as redactSecrets does with `name: value` in
// text: without it, `{"x-api-key": "sk-…"}` in a proxy's echo, or `password` in a fetch wrapper's options, was
// shown whole, while the same words as text were redacted. Not for what a model wrote (redactKnownKeys): an
// answer that explains an API names its fields so, and its values are no credential of ours.
function bySecretName(name: string, redact: Redact, logprobEntry: boolean): boolean {
  return redact === redactSecrets && isSecretName(name) && !(logprobEntry && name === 'token');
}

// Headers as a list of strings, each value after its name: a pair as fetch takes them (`[['x-api-key', '…']]`), or
// Node's rawHeaders (`['Cookie', '…', 'Host', …]`, an IncomingMessage's, a relay's request's). Its names are no
// object's, so a credential's value after its name was shown, as the patterns saw nothing in it. Only an even list
// of strings. Under a name without header or trailer in it (see headersName), a list is one of names, as a
// JSON Schema's `required: ['password', 'user']` is, whose second name was hidden: a plain name followed by another
// is kept. Not a flag (`args: ['--password', '…']`), whose value follows it under any name; and a list with
// no name (given alone, or a pair in a list of pairs) is taken for headers, as before.
function pairedValues(list: unknown[], redact: Redact, name: string | undefined): Set<string> | undefined {
  if (redact !== redactSecrets || list.length % 2 !== 0 || !list.every((item) => typeof item === 'string')) return undefined;
  const ofNames = name !== undefined && !headersName.test(name);
  const hidden = new Set<string>();
  for (let index = 0; index < list.length; index += 2) {
    const item = list[index] as string;
    if (isSecretName(item) && !(ofNames && isPlainName(item) && isPlainName(list[index + 1] as string))) hidden.add(String(index + 1));
  }
  return hidden.size === 0 ? undefined : hidden;
}

// A chunk's logprob entry, `{ token: 'Hi', logprob: -0.01, … }`: its `token` is text a model wrote.
function isLogprobEntry(entries: [string, unknown][]): boolean {
  return entries.some(([name, item]) => name === 'logprob' && typeof item === 'number');
}

const hiddenValue = (value: string): string => (value === '' ? value : '[redacted]');

/** The value under `name`, an entry of an object, a Map or a list (`ofList`: its index, no name) at `depth`. */
function redactItem(name: string, item: unknown, depth: number, redact: Redact, logprobEntry: boolean, ofList = false): unknown {
  if (typeof item === 'string') return redactField(name, item, redact, logprobEntry);
  if (bySecretName(name, redact, logprobEntry) && !isTokenEntry(name, item) && !isPropertySchemaObject(item)) return hiddenWhole(item);
  return redactDeep(item, depth - 1, redact, ofList ? undefined : name);
}

// Text Generation Inference's event names the model's token `token` too, as an object, a logprob entry itself:
// `{ token: { id: 9707, text: 'Hi', logprob: -0.01, special: false } }` (a StreamInvalidDataError's data). What a
// model wrote, looked into as any other value.
function isTokenEntry(name: string, item: unknown): boolean {
  return name === 'token' && typeof item === 'object' && item !== null && isLogprobEntry(Object.entries(item));
}

// A property's JSON Schema under a credential's name (a tool's parameters, a response_format): looked into as any
// other value, its words redacted by their own names and shapes. Only a plain object: a class's instance is no schema.
function isPropertySchemaObject(item: unknown): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const prototype: unknown = Object.getPrototypeOf(item);
  return (prototype === Object.prototype || prototype === null) && isPropertySchema(Object.entries(item));
}

// What a credential's name holds is hidden whatever its shape, as text hides whatever follows `name:`: an object
// (`{ password: { value: … } }`, `authorization: { scheme, token }`), bytes, a Map, a number (a password parsed from
// a config). Only strings were, and the rest was redacted by its values' patterns, which a plain password has none
// of. A list keeps its length, each item hidden (Node's IncomingHttpHeaders lists `set-cookie`'s values). Left as
// they are: what holds nothing (undefined, null, true or false, an empty string, a function), which tells a
// credential not given from one given.
function hiddenWhole(item: unknown): unknown {
  if (!Array.isArray(item)) return hiddenItem(item);
  const hidden = item.map(hiddenItem);
  return hidden.every((value, index) => value === item[index]) ? item : hidden;
}

function hiddenItem(item: unknown): unknown {
  if (typeof item === 'string') return hiddenValue(item);
  return typeof item === 'number' || typeof item === 'bigint' || (typeof item === 'object' && item !== null) ? '[redacted]' : item;
}

/** A string field: hidden by a credential's name, or redacted as what it is. */
function redactField(name: string, value: string, redact: Redact, logprobEntry: boolean): string {
  if (bySecretName(name, redact, logprobEntry) && !isCredentialsMode(name, value)) return hiddenValue(value);
  // Groq's error for a tool call or JSON the model got wrong (tool_use_failed, json_validate_failed) quotes what
  // the model wrote, to debug a prompt or a schema with: redacted as an answer is, of keys only (this process's,
  // a Groq key's shape). The patterns for `name: value` rewrote its arguments (`{"token": "[redacted]"}`); no
  // server or proxy echoes its credentials there, and what the model took from the conversation, a relay
  // passes on in an answer the same way.
  return name === 'failed_generation' ? redactKnownKeys(value) : redact(value);
}

function redactError(error: Error, depth: number, redact: Redact): Error {
  const message = redact(error.message);
  const stack = error.stack === undefined ? undefined : redact(error.stack);
  const cause: unknown = redactDeep(error.cause, depth - 1, redact);
  // An AggregateError (a fetch that tried several addresses) keeps its errors apart from its own fields.
  const errors = error instanceof AggregateError ? redactDeep(error.errors, depth - 1, redact) : undefined;
  const fields = Object.entries(error);
  const redactedFields = redactEntries(fields, depth, redact);
  const same = redactedFields === fields && (errors === undefined || errors === (error as AggregateError).errors);
  if (same && message === error.message && stack === error.stack && cause === error.cause) return error;
  const copy = errors === undefined ? new Error(message, error.cause === undefined ? undefined : { cause }) : new AggregateError(errors, message, error.cause === undefined ? undefined : { cause });
  Object.assign(copy, Object.fromEntries(redactedFields));
  copy.name = error.name;
  // Kept absent when the original had none, rather than the copy's own stack.
  (copy as { stack?: string | undefined }).stack = stack;
  return copy;
}

function redactBytes(bytes: ArrayBufferView, redact: Redact): ArrayBufferView | string {
  const text = new TextDecoder('latin1').decode(bytes);
  const redacted = redact(text);
  return redacted === text ? bytes : redacted;
}

/** An `ArrayBuffer`, which inspect shows as its bytes: as {@link redactBytes} does for a view of it. */
function redactBuffer(buffer: ArrayBuffer, redact: Redact): ArrayBuffer | string {
  const redacted = redactBytes(new Uint8Array(buffer), redact);
  return typeof redacted === 'string' ? redacted : buffer;
}

/**
 * A `Request` whose URL or headers hold a credential, as a plain object of its method, redacted URL and redacted
 * headers; not its body, which reading would use up. Not a new `Request`: a browser would drop some of the
 * headers, and one made from this one would take its body away from it.
 */
function redactRequest(request: Request, depth: number, redact: Redact): Request | { method: string; url: string; headers: Headers } {
  const url = redact(request.url);
  const headers = redactDeep(request.headers, depth - 1, redact);
  if (url === request.url && headers === request.headers) return request;
  return { method: request.method, url, headers };
}

/** A `Response` whose URL, status text or headers hold a credential, as a plain object of them and its status (not its body). */
function redactResponse(
  response: Response,
  depth: number,
  redact: Redact,
): Response | { status: number; statusText: string; url: string; headers: Headers } {
  const url = redact(response.url);
  const statusText = redact(response.statusText);
  const headers = redactDeep(response.headers, depth - 1, redact);
  if (url === response.url && statusText === response.statusText && headers === response.headers) return response;
  return { status: response.status, statusText, url, headers };
}

/** A `Map`, whose string keys are names as an object's are (a Map of headers keeps `x-api-key`'s value under it). */
function redactMap(map: Map<unknown, unknown>, depth: number, redact: Redact): Map<unknown, unknown> {
  const entries = [...map];
  const redacted = entries.map(
    ([name, item]) => [redactDeep(name, depth - 1, redact), typeof name === 'string' ? redactItem(name, item, depth, redact, false) : redactDeep(item, depth - 1, redact)] as const,
  );
  return redacted.every(([name, item], index) => name === entries[index]![0] && item === entries[index]![1]) ? map : new Map(redacted);
}

function redactSet(set: Set<unknown>, depth: number, redact: Redact): Set<unknown> {
  const items = [...set];
  const redacted = items.map((item) => redactDeep(item, depth - 1, redact));
  return redacted.every((item, index) => item === items[index]) ? set : new Set(redacted);
}

/** A `URL` or `URLSearchParams`, as redacted text when it holds a credential (`[redacted]` makes no URL to parse again). */
function redactText<T extends URL | URLSearchParams>(value: T, redact: Redact): T | string {
  const text = value.toString();
  const redacted = redact(text);
  return redacted === text ? value : redacted;
}

function redactHeaders(headers: Headers, redact: Redact): Headers {
  const entries = [...headers];
  const redacted = entries.map(([name, value]) => [name, bySecretName(name, redact, false) ? hiddenValue(value) : redact(value)] as [string, string]);
  const names = redacted.map(([name]) => redact(name));
  if (redacted.every(([name, value], index) => value === entries[index]![1] && names[index] === name)) return headers;
  // A header whose name holds a key (an echo) is dropped: "[redacted]" is no header name.
  return new Headers(redacted.filter((_, index) => names[index] === redacted[index]![0]));
}
