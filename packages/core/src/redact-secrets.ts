import { shorten } from './excerpt.js';

// Credentials a server may echo back in a message: Groq keys, bearer tokens, `key=value` secrets.
const secretPatterns: [RegExp, string][] = [
  [/\b(api[_-]?key|authorization|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2[redacted]'],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\bgsk_[\w.~+/=-]+/g, 'gsk_[redacted]'],
];

// The keys of the clients made in this process, for a server that echoes a key in a shape no pattern
// knows (a proxy's own key, say). Kept module-wide because errors are made in many places that never see
// the client; bounded, the most recent last. Short keys are left out: a test key like "any" would turn
// words into "m[redacted]".
const knownKeys: string[] = [];
const maxKnownKeys = 100;
const minKnownKeyLength = 8;

/** Makes {@link redactSecrets} hide `key` wherever it appears, whatever its shape. Every client calls it with its key. */
export function rememberSecret(key: string): void {
  if (key.length < minKnownKeyLength) return;
  const index = knownKeys.indexOf(key);
  if (index !== -1) knownKeys.splice(index, 1);
  else if (knownKeys.length === maxKnownKeys) knownKeys.shift();
  knownKeys.push(key);
}

// What gives away a server's internals: addresses, host:port, stack frames, source paths.
const internals =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|\[[\da-f:]*:[\da-f:]*\]|\b[\w-]+(?:\.[\w-]+)*:\d{2,5}\b|\bat \S+ \(|Traceback|Exception\b|\.(?:js|ts|py|go|java|rb|rs):\d+/i;
const urls = /\bhttps?:\/\/([^/\s"'<>]+)/gi;

/** `text` with every credential it echoes replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const key of knownKeys) if (redacted.includes(key)) redacted = redacted.replaceAll(key, '[redacted]');
  for (const [pattern, replacement] of secretPatterns) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

/**
 * `value` with {@link redactSecrets} applied to every string in it, to a depth of 8: in objects, arrays,
 * `Headers` and errors (message, stack, own fields, `cause`). What holds no credential is returned as it
 * is; what does is copied, never changed in place. A runtime's error may quote raw response bytes, so a
 * `cause` goes through here too.
 */
export function redactSecretsDeep<T>(value: T, depth = 8): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null || depth === 0) return value;
  if (value instanceof Error) return redactError(value, depth) as T;
  if (value instanceof Headers) return redactHeaders(value) as T;
  const entries = Object.entries(value);
  const redacted = entries.map(([name, item]) => [name, redactSecretsDeep(item, depth - 1)] as const);
  if (redacted.every(([, item], index) => item === entries[index]![1])) return value;
  return (Array.isArray(value) ? redacted.map(([, item]) => item) : Object.fromEntries(redacted)) as T;
}

function redactError(error: Error, depth: number): Error {
  const message = redactSecrets(error.message);
  const stack = error.stack === undefined ? undefined : redactSecrets(error.stack);
  const cause: unknown = redactSecretsDeep(error.cause, depth - 1);
  const fields = Object.entries(error);
  const redactedFields = fields.map(([name, item]) => [name, redactSecretsDeep(item, depth - 1)] as const);
  const same = redactedFields.every(([, item], index) => item === fields[index]![1]);
  if (same && message === error.message && stack === error.stack && cause === error.cause) return error;
  const copy = new Error(message, error.cause === undefined ? undefined : { cause });
  Object.assign(copy, Object.fromEntries(redactedFields));
  copy.name = error.name;
  copy.stack = stack;
  return copy;
}

function redactHeaders(headers: Headers): Headers {
  const entries = [...headers];
  const redacted = entries.map(([name, value]) => [name, redactSecrets(value)] as [string, string]);
  return redacted.every(([, value], index) => value === entries[index]![1]) ? headers : new Headers(redacted);
}

/**
 * A server's message when it is fit to show a browser, or `undefined`: one line, credentials redacted, no
 * addresses, hosts other than groq.com's, stack traces or source paths, at most 300 characters. A message
 * that fails is not trimmed into shape: the caller says something generic instead.
 */
export function browserSafeText(text: string): string | undefined {
  const line = text.trim();
  if (line === '' || /[\r\n]/.test(line) || internals.test(line)) return undefined;
  for (const [, host] of line.matchAll(urls)) if (!/(^|\.)groq\.com$/i.test(host!)) return undefined;
  return shorten(redactSecrets(line), 300);
}
