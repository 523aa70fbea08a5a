// Credentials a server may echo back in a message: `name: value` secrets (the value may start with an
// auth scheme, as an echoed `Authorization: Bearer …` does), tokens after an auth scheme, Groq keys,
// the user and password in a URL, and secret-looking query parameters.
const secretPatterns: [RegExp, string][] = [
  [
    /\b(api[_-]?key|authorization|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic|Token)\s+)?[^\s"',;&]+/gi,
    '$1$2[redacted]',
  ],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  [/\bgsk_[\w.~+/=-]+/g, 'gsk_[redacted]'],
  [/(\/\/)[^/\s"'<>@]+@/g, '$1[redacted]@'],
  [/([?&](?:key|sig|signature|auth|code)=)[^&#\s"']+/gi, '$1[redacted]'],
];

// The keys of the clients made in this process (and credentials sent in request headers), for a server
// that echoes a key in a shape no pattern knows (a proxy's own key, say). Kept module-wide because errors
// are made in many places that never see the client; bounded, the most recent last. Short keys are left
// out: a test key like "any" would turn words into "m[redacted]". Each is also kept as it reads in a URL,
// inside a JSON string and in base64, and they are replaced longest first, so that a key inside another leaves no tail.
const knownKeys: string[] = [];
let longestFirst: string[] = [];
const maxKnownKeys = 100;
const minKnownKeyLength = 8;

/** Makes {@link redactSecrets} hide `key` wherever it appears, whatever its shape. Every client calls it with its key. */
export function rememberSecret(key: string): void {
  if (key.length < minKnownKeyLength) return;
  const index = knownKeys.indexOf(key);
  if (index !== -1 && index === knownKeys.length - 1) return;
  if (index !== -1) knownKeys.splice(index, 1);
  else if (knownKeys.length === maxKnownKeys) knownKeys.shift();
  knownKeys.push(key);
  const forms = knownKeys.flatMap((known) => [known, encodeURIComponent(known), JSON.stringify(known).slice(1, -1), base64(known)]);
  longestFirst = [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** The key as a `Basic` credential carries it, when it can be encoded. */
function base64(key: string): string {
  try {
    return btoa(key);
  } catch {
    return key; // not Latin-1: no `Basic` credential holds it as it is
  }
}

/** `text` with every credential it echoes replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const key of longestFirst) if (redacted.includes(key)) redacted = redacted.replaceAll(key, '[redacted]');
  for (const [pattern, replacement] of secretPatterns) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

/**
 * `value` with {@link redactSecrets} applied to every string in it, to a depth of 8: in objects, arrays,
 * `Headers`, errors (message, stack, own fields, `cause`) and raw bytes (as text). What holds no credential is returned as it
 * is; what does is copied, never changed in place. A runtime's error may quote raw response bytes, so a
 * `cause` goes through here too.
 */
export function redactSecretsDeep<T>(value: T, depth = 8): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than anyone reads an error, and unchecked: not shown rather than shown with a key in it.
  if (depth === 0) return '[nested too deeply to check for secrets]' as T;
  // Raw bytes, such as the response a runtime's HTTP parser choked on: shown as text when they hold a secret.
  if (ArrayBuffer.isView(value)) return redactBytes(value) as T;
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

function redactBytes(bytes: ArrayBufferView): ArrayBufferView | string {
  const text = new TextDecoder('latin1').decode(bytes);
  const redacted = redactSecrets(text);
  return redacted === text ? bytes : redacted;
}

function redactHeaders(headers: Headers): Headers {
  const entries = [...headers];
  const redacted = entries.map(([name, value]) => [name, redactSecrets(value)] as [string, string]);
  return redacted.every(([, value], index) => value === entries[index]![1]) ? headers : new Headers(redacted);
}
