import { escapeControls } from '../index.js';

// Every C0 control but the tab and the line feed, DEL, and the C1 controls (U+0080 to U+009F, with the 8-bit
// CSI U+009B and OSC U+009D); a CR before a line feed is matched with it, to be left alone.
// Also Unicode's bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), as core's
// escapeControls escapes them in a server's words: they show the words after them reordered, up to their pop or the
// line's end, on a terminal that lays out bidirectional text and wherever the text is pasted ("Trojan Source",
// CVE-2021-42574), so that a command or a file name reads as other than what is copied. Not the marks (U+061C,
// U+200E, U+200F), which escapeControls escapes too: Arabic and Hebrew text holds them to set the side of a number
// or a bracket; each is one invisible letter of a direction, which reorders no letters, and an answer in those
// languages would be strewn with \u200f. And the line and paragraph separators (U+2028, U+2029), escaped as
// escapeControls escapes them even with keepLineFeeds: a terminal breaks no line at them (it draws nothing, a
// space or a box), an editor they are pasted into may, so what is copied would not be what was read.
const controls = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The model's text, piece by piece, made inert for a terminal: its control characters written as escapes, so
 * that the text cannot work the terminal (a prompt injection can make it anything). ESC (and the C1 CSI and OSC)
 * starts a sequence that writes the clipboard (OSC 52), shows a link whose words are not where it goes (OSC 8),
 * sets the window's title, clears the screen, moves the cursor back over lines already read, or hides words
 * (SGR 8, a colour on its own); BEL rings, a lone CR goes back to write over its line; a bidirectional override
 * or isolate shows the words after it reordered (the marks stay, see `controls`). Each such character is
 * replaced on its own, so a sequence split over two pieces is caught as one in a piece is, with nothing held.
 * The tab and the line feed stay, and so does a CR before a line feed (a CRLF ends a line as a line feed does):
 * a piece's last CR waits for the next, or for rest(), to show whether it is one.
 *
 * The escapes are core's escapeControls' (`\u001b`, `\r`), not `cat -v`'s `^[` or the Control Pictures' `␛`:
 * the form the command already writes for a server's words on stderr, one for every control character (Unicode
 * has no Control Pictures for the C1 ones, and `cat -v` writes them byte by byte, `M-BM-^[` for U+009B), in
 * ASCII, which every terminal draws, the Linux console and a Latin-1 one too. A `\u001b` the model writes as
 * text reads the same: the text as it came is the pipe's, or `--raw`'s.
 */
export class ControlEscaper {
  private heldReturn = false;

  /** `piece` with its controls escaped, after the CR held from before, less its own last CR. */
  next(piece: string): string {
    if (piece === '') return '';
    let text = this.heldReturn ? `\r${piece}` : piece;
    this.heldReturn = text.endsWith('\r');
    if (this.heldReturn) text = text.slice(0, -1);
    return text.replace(controls, (control) => (control === '\r\n' ? control : escapeControls(control)));
  }

  /** The CR still held, as its escape: no line feed came after it. */
  rest(): string {
    const held = this.heldReturn;
    this.heldReturn = false;
    return held ? escapeControls('\r') : '';
  }
}
