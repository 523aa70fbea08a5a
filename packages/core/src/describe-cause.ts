/**
 * A runtime error in a few words for a message: its own and its cause's (`fetch failed: connect
 * ECONNREFUSED 127.0.0.1:9`), without a final period, since the sentence it goes into ends with its own.
 */
export function describeCause(cause: unknown): string {
  try {
    const inner = (cause as { cause?: { message?: unknown } } | null | undefined)?.cause;
    const detail = typeof inner?.message === 'string' && inner.message !== '' ? `: ${inner.message}` : '';
    return `${cause instanceof Error ? cause.message : String(cause)}${detail}`.replace(/\.+$/, '');
  } catch {
    // A value that cannot be turned into text (no toString, a Proxy whose traps throw): the message it goes
    // into still has to be made, or a raw TypeError would stand in for the SDK's error.
    return 'a value that cannot be shown as text';
  }
}
