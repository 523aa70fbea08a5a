// C0 and C1 controls (line breaks, the escape that starts a terminal's colour codes), and the Unicode line and
// paragraph separators, which some log viewers also break lines at. A tab breaks no line, and stays.
const controls = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
const namedEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/**
 * `text` on one line, with its control characters written as escapes (`\n`, `\u001b`): for words quoted from
 * elsewhere (a server's message, a parser's quote of a browser's body), whose line breaks would otherwise
 * write lines of their own into a log, looking like the SDK's or the app's.
 */
export function escapeControls(text: string): string {
  return text.replace(controls, (unit) => namedEscapes[unit] ?? `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
