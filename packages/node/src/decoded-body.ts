import type * as http from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';

/** The body decoded per `content-encoding` (one coding), or the message itself. */
export function decodedBody(message: http.IncomingMessage): Readable {
  const coding = message.headers['content-encoding']?.trim().toLowerCase();
  // Like undici: sync flushes, so that an answer cut short still yields what arrived.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === 'br') {
    const decoder = zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    message.on('error', (error) => decoder.destroy(error));
    return message.pipe(decoder);
  }
  if (coding === 'deflate') return inflated(message, flush);
  if (coding === undefined || coding === '' || coding === 'identity') return message;
  if (coding !== 'gzip' && coding !== 'x-gzip') return undecodable(message, coding);
  const decoder = zlib.createGunzip(flush);
  message.on('error', (error) => decoder.destroy(error));
  // gzip ends with an 8-byte check (CRC-32 and length).
  message.on('data', (piece: Buffer) => writeKeepingCheckApart(message, decoder, piece, 8));
  message.once('end', () => decoder.end());
  return decoder;
}

/**
 * `deflate` as undici and browsers read it: zlib-wrapped, as the standard says, or raw, as some servers send
 * it. The first byte tells them apart: zlib's names compression method 8 in its low four bits.
 */
function inflated(message: http.IncomingMessage, flush: zlib.ZlibOptions): Readable {
  const body = new PassThrough();
  let decoder: zlib.Inflate | zlib.InflateRaw | undefined;
  // zlib's deflate ends with a 4-byte check (Adler-32); raw deflate has none.
  let checkBytes = 0;
  message.on('error', (error) => (decoder ?? body).destroy(error));
  // A body the reader cancelled (or that failed) releases the decoder with it.
  body.once('close', () => decoder?.destroy());
  message.on('data', (piece: Buffer) => {
    if (decoder === undefined) {
      if (piece.length === 0) return;
      const wrapped = (piece[0]! & 0x0f) === 8;
      [decoder, checkBytes] = wrapped ? [zlib.createInflate(flush), 4] : [zlib.createInflateRaw(flush), 0];
      decoder.on('error', (error) => body.destroy(error));
      decoder.pipe(body);
    }
    writeKeepingCheckApart(message, decoder, piece, checkBytes);
  });
  message.once('end', () => (decoder ?? body).end());
  return body;
}

/**
 * zlib drops the output of a write that ends in a failed check, and the last write of a body usually holds
 * its last events as well as the check: those events would be lost with a damaged check. So the final
 * `checkBytes` of each piece go in a write of their own, after the rest has been decoded and passed on.
 */
function writeKeepingCheckApart(message: http.IncomingMessage, decoder: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw, piece: Buffer, checkBytes: number): void {
  const split = piece.length - checkBytes;
  let ready = decoder.write(checkBytes > 0 && split > 0 ? piece.subarray(0, split) : piece);
  if (checkBytes > 0 && split > 0) ready = decoder.write(piece.subarray(split)) && ready;
  if (!ready) {
    message.pause();
    decoder.once('drain', () => message.resume());
  }
}

/**
 * A body in a coding nobody asked for (`zstd`, or two codings stacked) fails, saying so: passed on as it is,
 * as fetch does, it would read as garbage and fail later as a stream that ended too soon.
 */
function undecodable(message: http.IncomingMessage, coding: string): Readable {
  message.destroy();
  const body = new PassThrough();
  process.nextTick(() => body.destroy(new Error(`The server sent the body with content-encoding ${JSON.stringify(coding)}, which this client did not ask for and cannot decode.`)));
  return body;
}
