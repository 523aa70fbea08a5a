// C0 and C1 controls and DEL: line breaks, a bare CR that goes back to write over the line, and ESC (and the C1
// CSI, U+009B), which start a terminal's escape sequences (colours, clearing the screen, a hidden link, a write
// to the clipboard). The Unicode line and paragraph separators, which some log viewers and terminals also break
// lines at. And Unicode's bidirectional formatting characters (the marks U+061C, U+200E, U+200F; the embeddings,
// overrides and isolates U+202A to U+202E and U+2066 to U+2069), which change the order text is shown in, past
// the quote's end ("Trojan Source"): quoted words could show as other words, or turn the line's own around.
// And the characters drawn as nothing wherever they are, which would let quoted words pass unseen in a log line or
// on a terminal (`r\u200bm` reads as rm and is copied as something else), Unicode's default ignorable code points,
// which a renderer draws as nothing when it has no glyph for one: the soft hyphen U+00AD (hidden but at a line's end),
// the combining grapheme joiner U+034F, the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), Khmer's inherent
// vowels U+17B4 and U+17B5 (which Unicode says not to use), the zero-width space U+200B, the word joiner and the
// invisible operators (U+2060 to U+2064), the deprecated format characters (U+206A to U+206F), U+FEFF, the
// shorthand format controls (U+1BCA0 to U+1BCA3), the musical symbols' beams and phrases (U+1D173 to U+1D17A),
// Unicode's tag characters (U+E0000 to U+E007F), which spell ASCII no one sees, instructions for the next model
// the words are pasted into ("ASCII smuggling"), and those still unassigned (U+2065, U+FFF0 to U+FFF8, U+E0080 to
// U+E00FF, U+E01F0 to U+E0FFF), which a renderer is to draw as nothing once assigned too. Not the joiners (ZWNJ
// U+200C, ZWJ U+200D) nor the variation selectors (U+FE00 to U+FE0F, U+E0100 to U+E01EF) nor Mongolian's free
// variation selectors and vowel separator (U+180B to U+180F), which build emoji and the spelling of some scripts
// (Persian's ZWNJ, the form of a Mongolian letter), and carry little on their own: groq-stream's ControlEscaper,
// for the model's text on a terminal, weighs those where they stand.
// And a lone surrogate, half of a pair whose other half is missing (a text cut by UTF-16 units): no character,
// written as U+FFFD in UTF-8 (a log file, a terminal), and refused by a consumer that checks its JSON.
// A tab breaks no line and moves nothing but the cursor, and stays; so does every other character, a pair of
// surrogates (an emoji) included. With the `u` flag, a class matches a pair as the one character it is, and its
// surrogates' range only a half alone; browser-safe-text's RegExp of the same source takes the flag too.
export const controls =
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8\ud800-\udfff\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e00ff}\u{e01f0}-\u{e0fff}]/gu;
const namedEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** Options of {@link escapeControls}. */
export interface EscapeControlsOptions {
  /**
   * Leave line feeds (`\n`) as they are, for lines of your own that you break on purpose. Default `false`:
   * quoted words then stay on one line, so that they cannot start a line that reads as yours. A CR, and the
   * line and paragraph separators, are escaped either way.
   */
  keepLineFeeds?: boolean;
}

/**
 * `text` with its control characters written as escapes, for a log line or a terminal: words quoted from
 * elsewhere (a server's error message, a finish reason, what a browser sent) could otherwise work a terminal
 * (clear the screen, write over the line, hide a link, write to the clipboard), write lines of their own into a
 * log that read as the app's, or reorder the text around them as it is shown.
 *
 * Escaped are the C0 and C1 control characters and DEL (U+0000 to U+001F, U+007F to U+009F) but the tab, the
 * line and paragraph separators (U+2028, U+2029), the bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069), and the characters drawn as nothing, which would let words pass unseen,
 * Unicode's default ignorable code points: the zero-width space (U+200B), the word joiner and the invisible
 * operators (U+2060 to U+2064), the deprecated format characters (U+206A to U+206F), U+FEFF, the soft hyphen
 * (U+00AD), the Hangul fillers (U+3164…), Unicode's tag characters (U+E0000 to U+E007F), which spell ASCII that a
 * model reads and no one sees, and the others but those kept below. And a lone surrogate (half of an emoji whose
 * other half is missing), which UTF-8 writes as U+FFFD. A line feed is written as `\n`, a
 * CR as `\r`, any other as `\u` and four hex digits (`\u001b`, `\u202e`, `\ud83d`), a character beyond U+FFFF
 * (a tag) as its two UTF-16 halves (`\udb40\udc41`), as JSON and JavaScript write it. Everything else is left as it
 * is: a tab, letters of any script, emoji, the joiners (U+200C, U+200D) and variation selectors (Mongolian's too)
 * that build emoji and some scripts' spelling (a flag of tags keeps its black flag, its tags escaped), and quotes
 * and backslashes too (this is no HTML, JSON or shell escaping). The SDK's log lines, its errors' messages and the
 * relays' refusals write what they quote this way, and the `groq-stream` command what it writes on stderr.
 *
 * @param text The words to write.
 * @param options `keepLineFeeds`: leave `\n` as it is (see {@link EscapeControlsOptions}).
 * @example
 * ```ts
 * escapeControls('Bad \u001b[2J\nok');                   // 'Bad \\u001b[2J\\nok'
 * escapeControls('one\ntwo\r', { keepLineFeeds: true }); // 'one\ntwo\\r'
 * console.warn(`The service said: ${escapeControls(error.message)}`);
 * ```
 */
export function escapeControls(text: string, { keepLineFeeds = false }: EscapeControlsOptions = {}): string {
  return text.replace(controls, (match) => (keepLineFeeds && match === '\n' ? match : (namedEscapes[match] ?? unitEscapes(match))));
}

/** Each UTF-16 unit of `text` (one, or the two of a character beyond U+FFFF) as `\u` and four hex digits. */
function unitEscapes(text: string): string {
  let escaped = '';
  for (let index = 0; index < text.length; index += 1) escaped += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`;
  return escaped;
}
