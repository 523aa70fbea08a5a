/**
 * A runtime error in a few words for a message: its own and its cause's (`fetch failed: connect
 * ECONNREFUSED 127.0.0.1:9`), without a final period, since the sentence it goes into ends with its own.
 */
export function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { message?: unknown } } | null | undefined)?.cause;
  const detail = typeof inner?.message === 'string' && inner.message !== '' ? `: ${inner.message}` : '';
  return `${cause instanceof Error ? cause.message : String(cause)}${detail}`.replace(/\.+$/, '');
}
