import type { IncomingMessage } from 'node:http';

/** Largest body the mock accepts; Groq answers 413 past its own limit too. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A request body as read by {@link readRequestBody}. */
export interface RequestBody {
  /** The body as UTF-8 text; bytes that are not UTF-8 became U+FFFD (see `utf8`). */
  text: string;
  /** False when some bytes were not UTF-8: a JSON body in another encoding, or compressed. */
  utf8: boolean;
  /** The body was over the limit; `text` is then empty. */
  tooLarge: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Node's own test of an `Expect` header for `100-continue`.
const CONTINUE_EXPECTATION = /(?:^|\W)100-continue(?:$|\W)/i;

/**
 * Whether `request` waits for `100 Continue` before sending a body it announced over {@link MAX_BODY_BYTES}.
 * Such a body is refused before it is sent: the server's `checkContinue` listener sends no `100 Continue`,
 * and {@link readRequestBody} does not wait for it.
 */
export function isTooLargeToContinue(request: IncomingMessage): boolean {
  return (
    request.httpVersion === '1.1' &&
    CONTINUE_EXPECTATION.test(request.headers.expect ?? '') &&
    Number(request.headers['content-length']) > MAX_BODY_BYTES
  );
}

/**
 * Reads a request body as UTF-8. Past {@link MAX_BODY_BYTES} the rest is read and dropped (so that the
 * client can still receive the 413) and `tooLarge` is set; a body refused before it was sent
 * ({@link isTooLargeToContinue}) is not waited for.
 *
 * @returns undefined when the body never came in full: the client left during its upload (Node fails the
 * read with `aborted`), or the server's `clientError` listener is answering bytes Node could not parse.
 * Either way there is nothing to answer on this response.
 */
export async function readRequestBody(request: IncomingMessage): Promise<RequestBody | undefined> {
  if (isTooLargeToContinue(request)) return { text: '', utf8: true, tooLarge: true };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    }
  } catch (error) {
    if (!request.complete) return undefined;
    throw error;
  }
  if (size > MAX_BODY_BYTES) return { text: '', utf8: true, tooLarge: true };
  const bytes = Buffer.concat(chunks);
  try {
    return { text: strictUtf8.decode(bytes), utf8: true, tooLarge: false };
  } catch {
    return { text: bytes.toString('utf8'), utf8: false, tooLarge: false };
  }
}
