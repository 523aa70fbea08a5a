import { redactSecrets } from './redact-secrets.js';

/** `text` cut to `maxLength` characters, saying how long it was when it was cut. */
export function shorten(text: string, maxLength = 200): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length} characters in all)` : text;
}

/**
 * A bounded, single-line excerpt of `text` for error messages, so a huge payload never floods a log.
 * Credentials are redacted before the cut, which could otherwise leave the start of a key too short to match.
 */
export function excerpt(text: string, maxLength = 200): string {
  return JSON.stringify(shorten(redactSecrets(text), maxLength));
}
