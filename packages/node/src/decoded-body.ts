import type * as http from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;

/** The body decoded per `content-encoding`, or the message itself. */
export function decodedBody(message: http.IncomingMessage): Readable {
  const coding = message.headers['content-encoding']?.trim().toLowerCase();
  if (coding === undefined || coding === '' || coding === 'identity') return message;
  if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate' && coding !== 'br') return undecodable(message, coding);
  return decoded(message, coding === 'x-gzip' ? 'gzip' : coding);
}

/**
 * `source` decoded from one coding. The decoder is made on the first byte: deflate's tells zlib-wrapped from
 * raw (undici and browsers read both; zlib's names compression method 8 in its low four bits), and a body
 * without a byte is an empty body, as fetch reads it.
 *
 * Each piece is decoded with a sync flush, as undici does, so that events are passed on as they arrive. Unlike
 * undici, the end is decoded with a finishing flush: compressed data that stops before its end (a proxy or
 * server that closed the body's framing early) is an error, zlib's `unexpected end of file`, not a body that
 * ends quietly short of the answer.
 */
function decoded(source: Readable, coding: 'gzip' | 'deflate' | 'br'): Readable {
  const body = new PassThrough();
  let decoder: Decoder | undefined;
  // gzip ends with an 8-byte check (CRC-32 and length), zlib's deflate with a 4-byte one (Adler-32); raw deflate and br have none.
  let checkBytes = 0;
  source.on('error', (error) => (decoder ?? body).destroy(error));
  // A body the reader cancelled (or that failed) releases the decoder with it.
  body.once('close', () => decoder?.destroy());
  source.on('data', (piece: Buffer) => {
    if (decoder === undefined) {
      if (piece.length === 0) return;
      [decoder, checkBytes] = createDecoder(coding, piece[0]!);
      decoder.on('error', (error) => body.destroy(cutShort(error, coding)));
      decoder.pipe(body);
    }
    writeKeepingCheckApart(source, decoder, piece, checkBytes);
  });
  source.once('end', () => {
    if (decoder === undefined) {
      body.end();
      return;
    }
    // Node applies the finishing flush to the last write still queued when end() is called, and drops what
    // that write decoded if the flush fails: the last events of a body cut short. An empty write decoded once
    // everything before it was ends the queue, so the finishing flush has nothing but the end to decode.
    const ending = decoder;
    ending.write(Buffer.alloc(0), (error) => {
      if (error === undefined || error === null) ending.end();
    });
  });
  return body;
}

/** zlib's `unexpected end of file` said of the body, its code kept; any other error as it is. */
function cutShort(error: Error & { code?: unknown }, coding: string): Error {
  if (error.code !== 'Z_BUF_ERROR') return error;
  const message = `The ${coding} body ended before the end of its compressed data: the server or a proxy cut it short.`;
  return Object.assign(new Error(message, { cause: error }), { code: error.code });
}

function createDecoder(coding: 'gzip' | 'deflate' | 'br', firstByte: number): [Decoder, number] {
  // finishFlush is left at its default (finish), so that an end before the compressed data's end fails.
  if (coding === 'br') return [zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH }), 0];
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === 'gzip') return [zlib.createGunzip(flush), 8];
  return (firstByte & 0x0f) === 8 ? [zlib.createInflate(flush), 4] : [zlib.createInflateRaw(flush), 0];
}

/**
 * zlib drops the output of a write that ends in a failed check, and the last write of a body usually holds
 * its last events as well as the check: those events would be lost with a damaged check. So the final
 * `checkBytes` of each piece go in a write of their own, after the rest has been decoded and passed on.
 */
function writeKeepingCheckApart(source: Readable, decoder: Decoder, piece: Buffer, checkBytes: number): void {
  const split = piece.length - checkBytes;
  let ready = decoder.write(checkBytes > 0 && split > 0 ? piece.subarray(0, split) : piece);
  if (checkBytes > 0 && split > 0) ready = decoder.write(piece.subarray(split)) && ready;
  if (!ready) {
    source.pause();
    decoder.once('drain', () => source.resume());
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
