/** Options of {@link encodeSSETranscript}. */
export interface EncodeSSETranscriptOptions {
  /** End with `data: [DONE]`, as Groq does. Default true. */
  done?: boolean | undefined;
  /** The line ending written after each line (and as the blank line). Default `\n`. */
  lineEnding?: '\n' | '\r\n' | '\r' | undefined;
}

// The return type is core's `StreamBytes` spelt out, so that the test entry's declarations stand alone.
/**
 * Encodes chunks as the bytes of a server-sent event stream, one `data: <json>` event per chunk
 * followed by a blank line, then `data: [DONE]`, as Groq streams it: a `Uint8Array<ArrayBuffer>`, which
 * `new Response(bytes)` takes.
 *
 * @example
 * const bytes = encodeSSETranscript(createChunkTranscript({ chunks: 20 }), { lineEnding: '\r\n' });
 */
export function encodeSSETranscript(chunks: readonly unknown[], options: EncodeSSETranscriptOptions = {}): ReturnType<Uint8Array['slice']> {
  const { done = true, lineEnding = '\n' } = options;
  const end = lineEnding + lineEnding;
  const events = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}${end}`);
  if (done) events.push(`data: [DONE]${end}`);
  return new TextEncoder().encode(events.join(''));
}
