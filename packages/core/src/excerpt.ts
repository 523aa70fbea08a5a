import { escapeControls } from './escape-controls.js';
import { redactSecrets } from './redact-secrets.js';

const lengthOf = (character: string): number => character.length;
/** What {@link escapeControls} writes of a character: 6 characters for most it escapes, 2 for `\n` and `\r`, 12 for one beyond U+FFFF (a tag). */
export const escapedWidth = (character: string): number => escapeControls(character).length;
// What excerpt writes of a character between its quotes: JSON's escapes (a quote, a backslash, a tab), then ours.
const quotedWidth = (character: string): number => escapeControls(JSON.stringify(character)).length - 2;

/**
 * `text` cut to `maxLength` characters at most (a pair of surrogates is kept whole or left out), saying how long it
 * was when it was cut. Characters are UTF-16 units here, in the cut and the count alike, as `String.length` counts
 * them (an emoji is 2): the count tells how much of the text is not shown, and a count in code points would still
 * not be what a reader sees as characters (👍🏽 is 2, a family emoji 5, an accent written apart 2), and would cost
 * a walk over the whole text (a quoted body may be 64 KiB). It is also the number `value.length` gives the developer.
 *
 * `widthOf` says how many characters a character takes once written (an escape's 6 for a control): the cut then
 * bounds what is written, and the count is still of the text's own characters. Only the first `maxLength` or so
 * are walked.
 */
export function shorten(text: string, maxLength = 200, widthOf: (character: string) => number = lengthOf): string {
  return shortenPart(text, text.length, maxLength, widthOf);
}

/** {@link shorten} of `start`, the start of a text `lengthInAll` characters long: cut, and said to be, when it is. */
function shortenPart(start: string, lengthInAll: number, maxLength: number, widthOf: (character: string) => number): string {
  let width = 0;
  let end = 0;
  // By code point: never between the two halves of a pair of surrogates (an emoji), as half of one is no
  // character, and is written as U+FFFD in UTF-8 (a log file, a terminal) or as `\ud83d` in JSON.
  for (const character of start) {
    width += widthOf(character);
    if (width > maxLength) return `${start.slice(0, end)}… (${lengthInAll} characters in all)`;
    end += character.length;
  }
  return start.length === lengthInAll ? start : `${start}… (${lengthInAll} characters in all)`;
}

// How far past what an excerpt shows its text is redacted: far enough for a credential that starts in view to be
// seen whole (a Groq key written in JSON escapes is 336 characters, a remembered secret seldom a tenth of this),
// and no further. Redacting all of a 15 MiB event a server sent, for 200 characters of it, held the event loop
// for seconds.
const redactionReach = 64 * 1024;

/**
 * {@link shorten} of `text` redacted ({@link redactSecrets}), reading no more of it than the cut can show. The count
 * is of the text redacted as far as it was read, and of the rest as it is.
 */
function redactedAndShortened(text: string, maxLength: number, widthOf: (character: string) => number): string {
  const read = maxLength + redactionReach;
  if (text.length <= read) return shorten(redactSecrets(text), maxLength, widthOf);
  const start = redactSecrets(text.slice(0, read));
  return shortenPart(start, start.length + text.length - read, maxLength, widthOf);
}

/**
 * Words from elsewhere (a server's, a browser's) as a message quotes them without quotes: credentials redacted, cut
 * to `maxLength` characters (saying how long they were), and their control characters written as escapes
 * ({@link escapeControls}), so that an app that prints the message (console.error, a terminal UI, a page) never
 * has a server's terminal escapes worked, a line of its own started, or the rest of the line shown backwards.
 * Redacted before the cut, which could otherwise leave the start of a key too short to match; escaped after it,
 * so that the count says how much of what was sent is not shown and no escape is cut in two. The cut counts each
 * escape's characters, so that what is written stays within `maxLength` (and the count): 200 controls would
 * otherwise be written as 1,200 characters.
 */
export function cutShort(text: string, maxLength = 200): string {
  return escapeControls(redactedAndShortened(text, maxLength, escapedWidth));
}

/**
 * A bounded, single-line excerpt of `text` for error messages, in JSON's quotes, so a huge payload never floods a
 * log. Credentials are redacted before the cut, which could otherwise leave the start of a key too short to match.
 * JSON writes C0 controls as escapes but leaves DEL, the C1 controls (U+009B starts a terminal's escape sequence),
 * the line and paragraph separators, the bidirectional controls and the invisible characters (U+200B, U+FEFF, the
 * tag characters) as they are: those are escaped too, as
 * {@link cutShort} escapes them. At most `maxLength` characters between the quotes (and the count), every escape
 * counted, JSON's (`\"`) as ours.
 */
export function excerpt(text: string, maxLength = 200): string {
  return escapeControls(JSON.stringify(redactedAndShortened(text, maxLength, quotedWidth)));
}
