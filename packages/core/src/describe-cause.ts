/**
 * A runtime error in a few words for a message: its own and its cause's (`fetch failed: connect
 * ECONNREFUSED 127.0.0.1:9`), without a final period, since the sentence it goes into ends with its own.
 */
export function describeCause(cause: unknown): string {
  try {
    const inner = (cause as { cause?: { message?: unknown } } | null | undefined)?.cause;
    const outer = (cause instanceof Error ? cause.message : String(cause)).replace(/\.+$/, '');
    if (typeof inner?.message !== 'string' || inner.message === '') return outer;
    // An outer message that asks or exclaims keeps its mark, and its cause follows in brackets: not `cents?: …`.
    const detail = inner.message.replace(/\.+$/, '');
    return /[?!]$/.test(outer) ? `${outer} (${detail})` : `${outer}: ${detail}`;
  } catch {
    // A value that cannot be turned into text (no toString, a Proxy whose traps throw): the message it goes
    // into still has to be made, or a raw TypeError would stand in for the SDK's error.
    return 'a value that cannot be shown as text';
  }
}
