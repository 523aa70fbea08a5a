/**
 * Joins a character whose two UTF-16 halves (a surrogate pair: 🚀 is `\ud83d\ude80`) come in two pieces of a
 * text. A server that cuts its text by code units sends each half as valid JSON, and a browser that joins the
 * pieces gets the character; but a half written to a stream on its own is encoded as U+FFFD, so 🚀 would print
 * as ��. The last high half of a piece waits for the next.
 */
export class SurrogatePairJoiner {
  private held = '';

  /** `text` after the half held from before, less its own last half when that is a high one. */
  next(text: string): string {
    const joined = this.held + text;
    const last = joined.charCodeAt(joined.length - 1);
    const endsInHighHalf = last >= 0xd800 && last <= 0xdbff;
    this.held = endsInHighHalf ? joined.slice(-1) : '';
    return endsInHighHalf ? joined.slice(0, -1) : joined;
  }

  /** The half still held, if no other half came: written anyway (as U+FFFD), so that no piece is lost. */
  rest(): string {
    const held = this.held;
    this.held = '';
    return held;
  }
}
