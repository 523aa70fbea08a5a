import { redactSecrets } from './redact-secrets.js';

/**
 * `text` cut to `maxLength` characters at most (a pair of surrogates is kept whole or left out), saying how long it
 * was when it was cut. Characters are UTF-16 units here, in the cut and the count alike, as `String.length` counts
 * them (an emoji is 2): the count tells how much of the text is not shown, and a count in code points would still
 * not be what a reader sees as characters (👍🏽 is 2, a family emoji 5, an accent written apart 2), and would cost
 * a walk over the whole text (a quoted body may be 64 KiB). It is also the number `value.length` gives the developer.
 */
export function shorten(text: string, maxLength = 200): string {
  if (text.length <= maxLength) return text;
  // Never between the two halves of a pair of surrogates (an emoji): half of one is no character, and is written
  // as U+FFFD in UTF-8 (a log file, a terminal) or as `\ud83d` in JSON.
  const last = text.charCodeAt(maxLength - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength;
  return `${text.slice(0, end)}… (${text.length} characters in all)`;
}

/**
 * A bounded, single-line excerpt of `text` for error messages, so a huge payload never floods a log.
 * Credentials are redacted before the cut, which could otherwise leave the start of a key too short to match.
 */
export function excerpt(text: string, maxLength = 200): string {
  return JSON.stringify(shorten(redactSecrets(text), maxLength));
}
