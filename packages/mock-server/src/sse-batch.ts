/** The UTF-8 bytes that surround a JSON string value in an event, e.g. `data: {…"delta":{"content":` and `},…}\n\n`. */
export interface JsonStringFrame {
  prefix: Buffer;
  suffix: Buffer;
}

// Room kept beyond the batch size, so that the event that crosses it rarely makes the buffer grow.
const HEADROOM_BYTES = 16 * 1024;
// A batch this small (one paced step) is copied out of the buffer, which is then reused.
const SMALL_BATCH_BYTES = 4 * 1024;
// A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair takes 4 for its 2 units).
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * Events gathered as UTF-8 bytes for one socket write. Appending encodes straight into a buffer: a
 * string batch of thousands of events would be a rope that `write` must flatten, measure and encode
 * again, which cost more than producing the events.
 */
export class SseBatch {
  readonly #size: number;
  #buffer: Buffer | undefined;
  #length = 0;

  /** @param size - the batch size that the writer aims for, in bytes; events are never split. */
  constructor(size: number) {
    this.#size = size;
  }

  get byteLength(): number {
    return this.#length;
  }

  /** Appends text as it is. */
  appendText(text: string): void {
    const buffer = this.#reserve(text.length * MAX_UTF8_BYTES_PER_UNIT);
    this.#length += buffer.write(text, this.#length);
  }

  /**
   * Appends `frame.prefix`, `JSON.stringify(value)` and `frame.suffix`: the bytes of the event that the
   * frame was cut from, with `value` in place, without building the event's text.
   */
  appendJsonString(frame: JsonStringFrame, value: string): void {
    const json = JSON.stringify(value);
    const buffer = this.#reserve(frame.prefix.length + json.length * MAX_UTF8_BYTES_PER_UNIT + frame.suffix.length);
    // `set` rather than `copy`: the same bytes, without `copy`'s argument checks, per chunk.
    buffer.set(frame.prefix, this.#length);
    this.#length += frame.prefix.length;
    this.#length += buffer.write(json, this.#length);
    buffer.set(frame.suffix, this.#length);
    this.#length += frame.suffix.length;
  }

  /** The bytes appended since the last call, to be handed to `write`; the batch starts empty again. */
  take(): Buffer {
    const buffer = this.#buffer;
    const length = this.#length;
    this.#length = 0;
    if (buffer === undefined) return Buffer.alloc(0);
    // A large batch gives its buffer away (the socket may hold on to it); a small one is copied.
    if (length > SMALL_BATCH_BYTES) {
      this.#buffer = undefined;
      return buffer.subarray(0, length);
    }
    return Buffer.from(buffer.subarray(0, length));
  }

  // A buffer with at least `bytes` free after the current length, keeping what was appended.
  #reserve(bytes: number): Buffer {
    const needed = this.#length + bytes;
    if (this.#buffer !== undefined && needed <= this.#buffer.length) return this.#buffer;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#size + HEADROOM_BYTES));
    this.#buffer?.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
    return grown;
  }
}
