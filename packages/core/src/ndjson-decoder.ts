import type { ErrorRequestContext } from './errors/groq-error.js';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
import { tryParseJSON } from './read-response-body.js';
import { defaultMaxEventSize } from './sse-decoder.js';
import { UTF8StreamDecoder } from './utf8-stream-decoder.js';

/**
 * Splits newline-delimited JSON bytes (the form `Stream.toReadableStream()` writes) into lines, in linear
 * time whatever the piece sizes: a partial line is kept as fragments and joined once its end arrives.
 */
export class NDJSONDecoder {
  readonly #decoder = new UTF8StreamDecoder();
  #fragments: string[] = [];
  #fragmentsLength = 0;

  readonly #onLine: (line: string) => void;
  readonly #maxLineSize: number;
  readonly #context: ErrorRequestContext;

  constructor(onLine: (line: string) => void, maxLineSize = defaultMaxEventSize, context: ErrorRequestContext = {}) {
    this.#onLine = onLine;
    this.#maxLineSize = maxLineSize;
    this.#context = context;
  }

  push(bytes: Uint8Array): void {
    this.#feed(this.#decoder.decode(bytes));
  }

  /**
   * Ends the stream. A last line without its newline is delivered when it is whole JSON (writers such as
   * groq-sdk's may leave the final newline out); one cut off in the middle is discarded, so the stream then
   * fails as truncated rather than as unreadable data.
   */
  end(): void {
    this.#feed(this.#decoder.decode());
    const last = this.#fragments.join('');
    this.#fragments = [];
    this.#fragmentsLength = 0;
    if (last.trim() !== '' && tryParseJSON(last) !== undefined) this.#emit(last);
  }

  #feed(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline === -1) {
      if (text.length > 0) this.#keep(text);
      return;
    }
    if (this.#fragments.length > 0) {
      this.#fragments.push(text.slice(0, newline));
      this.#emit(this.#fragments.join(''));
      this.#fragments = [];
      this.#fragmentsLength = 0;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline !== -1) {
      this.#emit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.#keep(text.slice(start));
  }

  #keep(fragment: string): void {
    this.#fragments.push(fragment);
    this.#fragmentsLength += fragment.length;
    // One more than the limit: the line's last character may be the CR of a CRLF, which does not count.
    if (this.#fragmentsLength > this.#maxLineSize + 1) throw new StreamEventTooLargeError(this.#maxLineSize, this.#context);
  }

  #emit(line: string): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.length > this.#maxLineSize) throw new StreamEventTooLargeError(this.#maxLineSize, this.#context);
    if (trimmed.length > 0) this.#onLine(trimmed);
  }
}
