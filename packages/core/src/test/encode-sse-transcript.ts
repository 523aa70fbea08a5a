/** Options of {@link encodeSSETranscript}. */
export interface EncodeSSETranscriptOptions {
  /** End with `data: [DONE]`, as Groq does. Default true. */
  done?: boolean;
  /** The line ending written after each line (and as the blank line). Default `\n`. */
  lineEnding?: '\n' | '\r\n' | '\r';
}

/**
 * Encodes chunks as the bytes of a server-sent event stream, one `data: <json>` event per chunk
 * followed by a blank line, then `data: [DONE]`, as Groq streams it.
 *
 * @example
 * const bytes = encodeSSETranscript(createChunkTranscript({ chunks: 20 }), { lineEnding: '\r\n' });
 */
export function encodeSSETranscript(chunks: readonly unknown[], options: EncodeSSETranscriptOptions = {}): Uint8Array {
  const { done = true, lineEnding = '\n' } = options;
  const end = lineEnding + lineEnding;
  const events = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}${end}`);
  if (done) events.push(`data: [DONE]${end}`);
  return new TextEncoder().encode(events.join(''));
}
