import type { IncomingMessage } from 'node:http';

/** Largest body the mock accepts; Groq answers 413 past its own limit too. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads a request body as UTF-8. Past {@link MAX_BODY_BYTES} the rest is read and dropped (so that the
 * client can still receive the 413) and `tooLarge` is set.
 */
export async function readRequestBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? { text: '', tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}
