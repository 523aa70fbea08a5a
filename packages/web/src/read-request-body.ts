import { bodyTimeout, checkBodySize, checkContentEncoding, decodeRequestBody, type ChatRelayOptions } from '@groq-stream/core';

/**
 * Reads a request body as UTF-8 text, refusing it (`ChatRequestError`, 413) as soon as it is larger than
 * `maxBodyBytes`: at once when `content-length` says so, and otherwise while reading, so a body that lies
 * about its length or has none (chunked) is cut off after at most one network read too many. A body that
 * takes longer than `bodyTimeoutMs` is refused (408), and so are bytes that are not UTF-8 (400) and a
 * compressed body (415), before it is read. A body that was already read or is being read throws a `TypeError`
 * that says so.
 */
export async function readRequestBody(request: Request, options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>): Promise<string> {
  checkContentEncoding(request.headers.get('content-encoding'), request.headers.get('transfer-encoding'));
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > 0) checkBodySize(declared, options);
  // Read before the handler got it (a wrapper that checked a signature with `request.text()`): the reader below
  // would fail with "ReadableStream is locked", which names nothing the developer can act on. The app's failure
  // (500, logged), as the TypeError was, not a browser that sent nothing.
  if (request.bodyUsed || request.body?.locked === true) {
    throw new TypeError('The request body was already read before createChatRouteHandler got the Request: hand it the Request unread, or a request.clone() made before the body was read.');
  }
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  const limit = bodyTimeout(options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut =
    limit.ms === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(limit.error()), limit.ms);
        });
  try {
    for (;;) {
      const { value, done } = await (timedOut === undefined ? reader.read() : Promise.race([reader.read(), timedOut]));
      if (done) break;
      bytes += value.byteLength;
      checkBodySize(bytes, options);
      pieces.push(value);
    }
  } catch (error) {
    // Stop the upload: nothing more of it will be read.
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const body = new Uint8Array(bytes);
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.byteLength;
  }
  return decodeRequestBody(body);
}
