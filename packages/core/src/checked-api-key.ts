import { describeKind } from './describe-kind.js';
import { GroqError } from './errors/groq-error.js';

/**
 * The API key as it will be sent. Surrounding whitespace (a key read from a file with its line break) is
 * dropped; any other character HTTP cannot carry in a header is refused here, because the runtime's own
 * error for it (`Headers.set: "Bearer gsk_…" is an invalid header value`) would quote the whole key.
 */
export function checkedApiKey(apiKey: unknown): string | undefined {
  if (apiKey === undefined || apiKey === null) return undefined;
  // Named by its kind, never quoted: a secret manager's object may print the key.
  if (typeof apiKey !== 'string') {
    throw new GroqError(`apiKey must be a string, got ${describeKind(apiKey)}.`, { hint: 'Pass the key as text, such as the value of GROQ_API_KEY.' });
  }
  const key = apiKey.trim();
  // Visible ASCII only: what Groq's keys are made of, and all a header value can carry unchanged.
  const bad = /[^\x21-\x7e]/.exec(key);
  if (bad !== null) {
    const code = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new GroqError(`The API key contains a character that HTTP headers cannot carry (${code}, at position ${bad.index + 1} of ${key.length}).`, {
      hint: 'Copy the key again from https://console.groq.com/keys, without line breaks, spaces or quotes around or inside it.',
    });
  }
  return key === '' ? undefined : key;
}
