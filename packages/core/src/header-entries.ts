import { describeKind } from './describe-kind.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { excerpt } from './excerpt.js';
import { optionReadError } from './read-option-fields.js';

/** One header as given: a name and a value or a list of values. */
export type HeaderEntry = readonly [name: string, value: unknown];

const shapeHint = "Pass an object ({ 'x-app': 'demo' }), a Headers, or a list of [name, value] pairs.";

/**
 * The headers as name/value pairs, in order; a copy, so later changes to the caller's object do not leak in.
 * Any iterable of pairs is read as pairs (a `Headers` or a `Map`, also one from another realm or a polyfill,
 * whose own fields `Object.entries` would read instead). `option` names the option in errors; one whose
 * entries throw when read is a `GroqError` with `context`, the request's method and path.
 */
export function headerEntries(headers: unknown, option: string, context?: ErrorRequestContext): HeaderEntry[] {
  if (headers === undefined || headers === null) return [];
  if (typeof headers !== 'object') {
    throw new GroqError(`${option} must be an object of header names and values, got ${describeKind(headers)}.`, { hint: shapeHint });
  }
  let pairs: unknown[];
  try {
    if (!(Symbol.iterator in headers)) return Object.entries(headers);
    pairs = [...(headers as Iterable<unknown>)];
  } catch (cause) {
    // A getter or an iterator that failed: named here, rather than thrown raw from inside the request.
    throw optionReadError(option, 'one of its entries threw when read', cause, context);
  }
  // A name repeated in the list adds its values to those of its first pair (whatever the case of the name), as
  // `new Headers(pairs)` and groq-sdk read it; null drops the values before it, and undefined is skipped.
  const entries = new Map<string, [name: string, value: unknown]>();
  pairs.forEach((pair, index) => {
    if (!Array.isArray(pair)) {
      throw new GroqError(`${option} is a list, so each item must be a [name, value] pair; item ${index} is ${describeKind(pair)}.`, { hint: shapeHint });
    }
    // A pair without a name is no header, as in groq-sdk.
    const [name, value] = pair as unknown[];
    if (typeof name !== 'string' || value === undefined) return;
    const entry = entries.get(name.toLowerCase());
    if (entry === undefined || entry[1] === null || value === null) entries.set(name.toLowerCase(), [entry?.[0] ?? name, value]);
    else entry[1] = [entry[1], value].flat();
  });
  return [...entries.values()];
}

/** Headers the HTTP connection sets, which a request refuses (see `sendRequest`), as do the client and a relay when made. */
export const connectionHeaders = ['content-length', 'expect', 'keep-alive', 'transfer-encoding', 'upgrade'];

/**
 * Tries `entries` as every request would send them, so that headers no request could send fail when they are
 * given (`new Groq()`'s `defaultHeaders`, a relay's `requestOptions.headers`) rather than in every request: a
 * value that cannot be sent, or a header the connection manages. `option` names them in the latter's message,
 * and with `nameOption` in the former's too.
 */
export function checkSendableHeaders(entries: readonly HeaderEntry[], option: string, nameOption = false): void {
  const scratch = new Headers();
  for (const [name, value] of entries) replaceHeader(scratch, name, value, nameOption ? option : undefined);
  const managed = connectionHeaders.find((name) => scratch.has(name));
  if (managed !== undefined) {
    throw new GroqError(`${option} must not set ${managed}: the HTTP connection manages it, so every request would be refused.`, { hint: 'Remove it.' });
  }
}

/**
 * Replaces the header `name` with `value`: one line per item of a list, none for `null`, left as it is for
 * `undefined` and for a list with no item but `undefined` (an empty one), as in groq-sdk. Numbers and booleans are sent as text, as in groq-sdk. Returns the lines set, as `Headers` sends them (white space around each dropped). `option`, when
 * given, names the option the header came from in errors (`requestOptions.headers`).
 */
export function replaceHeader(headers: Headers, name: string, value: unknown, option?: string): string[] {
  const header = `The header ${excerpt(name, 60)}${option === undefined ? '' : ` of ${option}`}`;
  if (value === undefined || (Array.isArray(value) && value.every((item) => item === undefined))) return [];
  const items = value === null ? [] : (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== null);
  // As `Headers` sends them: without the white space around a value (a key read from a file with its line break).
  const lines = items.map((item) => {
    if (typeof item === 'string') return item.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint') return String(item);
    // The value itself is not described beyond its kind: it may be a secret.
    throw new GroqError(`${header} cannot be sent: its value is ${describeKind(item)}.`, {
      hint: 'Pass text, a number, or a list of them; null removes the header.',
    });
  });
  const refused = (): GroqError => new GroqError(`${header} cannot be sent: its name or value holds characters HTTP headers cannot carry (line breaks, control characters, non-ASCII).`);
  try {
    headers.delete(name);
    for (const line of lines) headers.append(name, line);
  } catch {
    // The runtime's error is not kept as the cause: its message quotes the value.
    throw refused();
  }
  // `Headers` refuses only NUL, CR and LF among the control characters; node:http and undici refuse the rest
  // (U+0001, DEL, ...) when the request is sent, and that failure reads as a network one and is retried.
  if (lines.some((line) => unsendable.test(line))) throw refused();
  return lines;
}

/** What a header value cannot hold once `Headers` took it: control characters but tab (a field value is visible text, spaces, tabs and bytes from 0x80). */
const unsendable = /[\x00-\x08\x0a-\x1f\x7f]/;
