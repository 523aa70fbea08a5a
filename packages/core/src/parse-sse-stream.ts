import { SSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from './sse-decoder.js';

/**
 * Reads the server-sent events of any byte stream, following the WHATWG parsing rules, for callers that
 * want raw events rather than chat chunks. Leaving the loop cancels the body.
 */
export async function* parseSSEStream(
  body: ReadableStream<Uint8Array>,
  options: SSEDecoderOptions = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const events: ServerSentEvent[] = [];
  const decoder = new SSEDecoder((event) => events.push(event), options);
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        decoder.end();
      } else {
        decoder.push(value);
      }
      // Yielding while the array is being filled is safe: the decoder only adds during push/end above.
      for (const event of events.splice(0)) yield event;
      if (finished) return;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
