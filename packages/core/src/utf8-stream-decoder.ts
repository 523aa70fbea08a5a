const streamDecode = { stream: true } as const;

/**
 * A streaming UTF-8 decoder that removes the stream's one leading BOM and keeps every other U+FEFF, as the
 * Encoding standard's decoder does. It removes the BOM itself because Node 24's `TextDecoder` (24.22) removes
 * a second U+FEFF too when the first BOM arrives split across pieces (`EF | BB BF EF BB BF`), and that second
 * one is text: part of an SSE stream's first field name, or of a JSON body, which it then makes invalid.
 */
export class UTF8StreamDecoder {
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** No character of the stream has been decoded yet: the first one, if a BOM, is removed. */
  #atStart = true;

  /** Decodes the next piece; without `bytes`, ends the stream (a character left incomplete becomes U+FFFD). */
  decode(bytes?: Uint8Array): string {
    const text = bytes === undefined ? this.#decoder.decode() : this.#decoder.decode(bytes, streamDecode);
    if (!this.#atStart || text === '') return text;
    this.#atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
