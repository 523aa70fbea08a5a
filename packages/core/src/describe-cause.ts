import { cutShort } from './excerpt.js';

/**
 * A runtime error in a few words for a message: its own and its cause's (`fetch failed: connect
 * ECONNREFUSED 127.0.0.1:9`), without a final period, since the sentence it goes into ends with its own.
 * Each quoted as a server's words are (`cutShort`): keys redacted, cut at 500 characters as written, and
 * control characters written as escapes.
 */
export function describeCause(cause: unknown): string {
  try {
    const inner = (cause as { cause?: { message?: unknown } } | null | undefined)?.cause;
    const outer = quoted(cause instanceof Error ? cause.message : String(cause));
    const detail = typeof inner?.message === 'string' ? quoted(inner.message) : '';
    if (detail === '') return outer;
    // An outer message that asks or exclaims keeps its mark, and its cause follows in brackets: not `cents?: …`.
    return /[?!]$/.test(outer) ? `${outer} (${detail})` : `${outer}: ${detail}`;
  } catch {
    // A value that cannot be turned into text (no toString, a Proxy whose traps throw): the message it goes
    // into still has to be made, or a raw TypeError would stand in for the SDK's error.
    return 'a value that cannot be shown as text';
  }
}

/**
 * One message, without the line breaks and full stops that end it, quoted as {@link cutShort} quotes words. A
 * runtime's message is not only its own: a fetch of the app's, a proxy or a TLS library may quote what a server
 * sent (`ESC [2J`, a CR, U+202E) and of any length, and nothing tells those words from the runtime's. So its line
 * feeds are escaped too, as a server's are in a message: a runtime's message over several lines (V8's path to a
 * circle, an assertion's) then reads as one line with `\n` in it, which is the price of a message that stays one
 * line, where no quoted line can pass for the app's own; the error's `cause` keeps it as it was.
 */
function quoted(message: string): string {
  return cutShort(message.trim().replace(/\.+$/, ''), 500);
}
