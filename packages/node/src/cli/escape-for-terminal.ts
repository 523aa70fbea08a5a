// C0 and C1 controls and DEL. ESC (and the C1 CSI, U+009B) starts a terminal's escape sequences: colours,
// cursor moves, clearing the screen, a hidden link (OSC 8), a write to the clipboard (OSC 52); a bare CR goes
// back to the line's start to write over it. A tab moves nothing but the cursor, and stays.
const controls = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const controlsButLineFeed = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const namedEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/**
 * `text` for a terminal, its control characters written as escapes (`\u001b`, `\r`, `\n`): for what the command
 * writes to stderr of words from elsewhere (a server's error message, a finish reason, an argument), which could
 * otherwise work the user's terminal. Line feeds stay with `keepLineFeeds`, for the command's own multi-line
 * messages; else they are escaped too, so that a server's words cannot start a line that looks like the command's.
 */
export function escapeForTerminal(text: string, { keepLineFeeds = false }: { keepLineFeeds?: boolean } = {}): string {
  return text.replace(keepLineFeeds ? controlsButLineFeed : controls, (unit) => namedEscapes[unit] ?? `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
