import { fieldHeadLength, keptFields } from './long-field-value.js';

const lineFeed = 10;
const carriageReturn = 13;
const colon = 58;
// Past this much text since the last line break, the pieces kept are folded into the start of their line.
const maxUnterminatedKept = 4096;

/**
 * The line an event stream's text ends in so far, for `SSEDecoder`: the pieces of text since one ended with a
 * line break, newest last, whose text starts at the start of a line. Enough to find, at the end, which line was
 * cut off, and how long the line is, at no cost per piece: past 4 Ki characters they are folded into the first
 * characters of the line, all that the first question needs, and the length the second.
 */
export class UnterminatedLine {
  /**
   * At least the length of the line: the text since a piece ended with a line break, or since the line was last
   * measured (`measure`). Counted per piece, so that only a line that may have grown past a limit is measured:
   * searching each piece for its last line break cost 20% more time (pieces of 280 bytes, Node 20).
   */
  bound = 0;
  #pieces: string[] = [];
  #keptLength = 0;
  /** The first `measuredPieces` of `pieces` end the line at `measuredLength` characters. */
  #measuredPieces = 0;
  #measuredLength = 0;
  /**
   * The line's head as `head()` found it when `pieces` held `headPieces` pieces. Until the stream's first event
   * `SSEDecoder` asks for it at every piece: worked out again each time, a comment sent a byte at a time cost
   * a join of up to 4 Ki pieces per byte (3 s for 32 KB, where one event before it made it 30 ms).
   */
  #head = '';
  #headPieces = 0;

  // Runs for every piece, so it stays this small and the fold waits in its own method: with the fold written
  // out here, and `length = 0` to empty the list, reading a transcript in 1 KiB or 280-byte pieces took 4-5% more
  // instructions (cachegrind, node --predictable, 2026-12-02).
  /** Takes the next piece of text. */
  remember(text: string): void {
    const last = text.charCodeAt(text.length - 1);
    if (last === lineFeed || last === carriageReturn) {
      // Most pieces end a line and follow one that did: no new empty list for them.
      if (this.#pieces.length > 0) this.#pieces = [];
      this.#keptLength = 0;
      this.bound = 0;
      this.#measuredPieces = 0;
      this.#measuredLength = 0;
      this.#head = '';
      this.#headPieces = 0;
      return;
    }
    this.bound += text.length;
    this.#pieces.push(text);
    this.#keptLength += text.length;
    if (this.#keptLength > maxUnterminatedKept) this.#fold();
  }

  /** The exact length of the line; `bound` becomes it. */
  measure(): number {
    this.bound = this.#currentLength();
    return this.bound;
  }

  /** The first characters of the line, when the text ended in the middle of it: `''` when it ended with a line break. */
  head(): string {
    const pieces = this.#pieces;
    const known = this.#headPieces;
    this.#headPieces = pieces.length;
    // Only the pieces that came since the last call are searched for a line break: one in them starts the line anew.
    for (let index = pieces.length - 1; index >= known; index--) {
      const piece = pieces[index]!;
      const lineStart = lastLineBreak(piece) + 1;
      if (lineStart > 0) return (this.#head = joinedHead(piece.slice(lineStart), pieces, index + 1));
    }
    // The line goes on from the head already found: a whole head stays as it is, a shorter one grows.
    if (this.#head.length === fieldHeadLength || known === pieces.length) return this.#head;
    return (this.#head = joinedHead(this.#head, pieces, known));
  }

  /**
   * Whether the line, cut off here, may be a `data`, `event`, `id` or `retry` field: it starts with the field's
   * name and a colon, the name, or a start of the name (`d`, `dat`, `retr`).
   */
  mayBeKeptField(): boolean {
    const head = this.head();
    return keptFields.some((field) => isFieldHead(head, field));
  }

  /** The length of the line, from the pieces kept since it was last measured. */
  #currentLength(): number {
    const pieces = this.#pieces;
    let length = 0;
    let index = pieces.length - 1;
    for (; index >= this.#measuredPieces; index--) {
      const piece = pieces[index]!;
      const lineBreak = lastLineBreak(piece);
      if (lineBreak !== -1) {
        length += piece.length - lineBreak - 1;
        break;
      }
      length += piece.length;
    }
    if (index < this.#measuredPieces) length += this.#measuredLength;
    this.#measuredPieces = pieces.length;
    this.#measuredLength = length;
    return length;
  }

  /** A long cut-off line must be judged by its start like a short one, however it was split. */
  #fold(): void {
    // Most often the newest piece holds the line's start (a line of an event stream is shorter than the text kept):
    // one search of it then gives both the line's length and its head, where `#currentLength` and `head` each
    // searched it, with `lastIndexOf` (a call into the runtime). The fold runs every few pieces: every piece of 16 KiB.
    const pieces = this.#pieces;
    const newest = pieces[pieces.length - 1]!;
    const lineStart = lastLineBreak(newest) + 1;
    if (lineStart > 0) {
      this.#foldInto(newest.slice(lineStart, lineStart + fieldHeadLength), newest.length - lineStart);
      return;
    }
    const length = this.#currentLength();
    this.#foldInto(this.head(), length);
  }

  /** The pieces kept become `head`, the start of a line `length` characters long. */
  #foldInto(head: string, length: number): void {
    this.#head = head;
    this.#pieces = [head];
    this.#keptLength = head.length;
    this.#measuredPieces = 1;
    this.#measuredLength = length;
    this.#headPieces = 1;
  }
}

/**
 * Index of the last CR or LF in `text`, or -1: from the end, so it costs the length of the last line only. The
 * runtime's own searches rather than a loop over `charCodeAt`, which took more instructions per character.
 */
function lastLineBreak(text: string): number {
  const lastLineFeed = text.lastIndexOf('\n');
  // A CR after the last LF (a CR or CRLF stream) is searched for backwards only when there is one.
  return text.indexOf('\r', lastLineFeed + 1) === -1 ? lastLineFeed : text.lastIndexOf('\r');
}

/** `start` and then `pieces` from `from` on, up to the field head's length: no more of them is joined than that needs. */
function joinedHead(start: string, pieces: readonly string[], from: number): string {
  let head = start;
  for (let index = from; index < pieces.length && head.length < fieldHeadLength; index++) head += pieces[index];
  return head.length > fieldHeadLength ? head.slice(0, fieldHeadLength) : head;
}

/** Whether a line starting with `head` (cut off) may be the field `name`: `head` is `name:`, `name` or a prefix of it. */
function isFieldHead(head: string, name: string): boolean {
  if (head === '') return false;
  if (head.length <= name.length) return name.startsWith(head);
  return head.startsWith(name) && head.charCodeAt(name.length) === colon;
}
