import { shorten } from './excerpt.js';

// Credentials a server may echo back in a message: Groq keys, bearer tokens, `key=value` secrets.
const secretPatterns: [RegExp, string][] = [
  [/\b(api[_-]?key|authorization|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2[redacted]'],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\bgsk_\w+/g, 'gsk_[redacted]'],
];

// What gives away a server's internals: addresses, host:port, stack frames, source paths.
const internals =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|\[[\da-f:]*:[\da-f:]*\]|\b[\w-]+(?:\.[\w-]+)*:\d{2,5}\b|\bat \S+ \(|Traceback|Exception\b|\.(?:js|ts|py|go|java|rb|rs):\d+/i;
const urls = /\bhttps?:\/\/([^/\s"'<>]+)/gi;

/** `text` with every credential it echoes replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const [pattern, replacement] of secretPatterns) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

/** `value` with `redactSecrets` applied to every string in it (a copy; objects and arrays to a depth of 8). */
export function redactSecretsDeep(value: unknown, depth = 8): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null || depth === 0) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecretsDeep(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactSecretsDeep(item, depth - 1)]));
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
