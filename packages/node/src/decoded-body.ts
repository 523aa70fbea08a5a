import type * as http from 'node:http';
import { getDefaultHighWaterMark, PassThrough, type Readable, type TransformOptions } from 'node:stream';
import * as zlib from 'node:zlib';
import { escapeControls, redactSecretsDeep } from '@groq-stream/core';

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;
type Coding = 'gzip' | 'deflate' | 'br';

const codings = new Map<string, Coding>([
  ['gzip', 'gzip'],
  ['x-gzip', 'gzip'],
  ['deflate', 'deflate'],
  ['br', 'br'],
]);
/** As undici: a body in more codings than this fails, rather than cost a decoder for each. */
const maxCodings = 5;

/**
 * The body decoded per `content-encoding`, or the message itself. The header is a list of the codings applied
 * in order (RFC 9110), so they are decoded last first, as undici does (`deflate, gzip`: gunzip, then
 * inflate). Names are case-insensitive; white space around them and empty entries are nothing, and so is
 * `identity`, which names no coding: undici passes a body sent `gzip, identity` on undecoded, as garbage.
 */
export function decodedBody(message: http.IncomingMessage): Readable {
  // Node joins a header sent on several lines with ", ", which reads as the same list.
  const header = message.headers['content-encoding'] ?? '';
  const names = header
    .split(',')
    .map((entry) => entry.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  if (names.length === 0) return message;
  const quoted = quote(header.replace(/^[ \t]+|[ \t]+$/g, ''));
  const unknown = names.find((name) => !codings.has(name));
  if (unknown !== undefined) {
    return undecodable(message, `The server sent the body with content-encoding ${quoted}: ${quote(unknown)} is a coding this client did not ask for and cannot decode.`);
  }
  if (names.length > maxCodings) {
    return undecodable(message, `The server sent the body with content-encoding ${quoted}: ${names.length} codings, more than the ${maxCodings} this client decodes (as fetch).`);
  }
  return names.reduceRight<Readable>((source, name) => decoded(source, codings.get(name)!), message);
}

/**
 * The server's words quoted for a message: keys redacted, then cut where they reach 100 characters as written
 * between the quotes, saying how long they were, as core quotes a server's content type (a header may be a few KB).
 * Redacted first, as a key cut short would not be. Its controls written as escapes, as core's quotes are: JSON
 * leaves DEL and the C1 controls (a byte 0x9b reads as U+009B, which starts a terminal's escape sequence) as they
 * are. The cut counts each escape's characters (JSON's and those), as core's excerpt does: 100 C1 controls would
 * otherwise be written as 600. One character at a time, where core's (internal) shorten keeps a pair of surrogates
 * whole: node:http reads a header's bytes as Latin-1, one character each up to U+00FF, so the text holds no
 * surrogate to cut in half.
 */
function quote(text: string): string {
  const redacted = redactSecretsDeep(text);
  const written = (character: string): string => escapeControls(JSON.stringify(character).slice(1, -1));
  let width = 0;
  let end = 0;
  while (end < redacted.length && (width += written(redacted[end]!).length) <= 100) end++;
  return escapeControls(JSON.stringify(end < redacted.length ? `${redacted.slice(0, end)}… (${redacted.length} characters in all)` : redacted));
}

/**
 * The error a body from {@link decodedBody} ended with, or undefined for a body read whole. A body whose
 * compressed data turns to garbage part way ends once every byte decoded before the garbage has been read, and
 * its reader then finds the failure here: an 'error' would drop what still waits in the streams' buffers for a
 * reader that is behind, events the server did send. So does a body whose connection is lost part way, once what
 * was decoded of what arrived before has been read (the message's reader passes on what waited in it, see
 * readArrivedOnClose).
 */
export function failureOf(body: Readable): Error | undefined {
  return failures.get(body);
}

const failures = new WeakMap<Readable, Error>();

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
function decoded(source: Readable, coding: Coding): Readable {
  const body = new PassThrough();
  let decoder: Decoder | undefined;
  // gzip ends with an 8-byte check (CRC-32 and length), zlib's deflate with a 4-byte one (Adler-32); raw deflate and br have none.
  let checkBytes = 0;
  let failed = false;
  /** Ends the body with `failure` (see failureOf): what was decoded before it is read first. Nothing more is decoded. */
  const fail = (failure: Error): void => {
    if (failed) return;
    failed = true;
    source.pause();
    failures.set(body, failure);
    body.end();
  };
  /**
   * Fails the body with the failure of what it reads from (a lost connection, or the coding decoded before this
   * one), once the pieces the decoder already has are decoded and passed on: they came before it.
   */
  const failAfterPending = (failure: Error): void => {
    if (decoder === undefined || decoder.destroyed) return fail(failure);
    // Called with an error if the decoder fails on those pieces: its own failure, then, is the body's.
    decoder.write(Buffer.alloc(0), (error) => {
      if (error === undefined || error === null) fail(failure);
    });
  };
  // A lost connection (the message's error): what the decoder holds came before it, so it is passed on first.
  // The error itself is passed on as it is: an error of a coding decoded before this one is not this coding's.
  source.on('error', failAfterPending);
  // A body the reader cancelled (or that failed) releases the decoder with it, and what it reads from: the
  // message, which the reader destroys too, or the coding decoded before this one, with its own decoder. One
  // that failed part way leaves the message to the reader, which destroys it once it has the failure: the
  // message's close would otherwise be the body's error, before the codings decoded after this one gave theirs.
  body.once('close', () => {
    decoder?.destroy();
    if (!failed && !source.readableEnded) source.destroy();
  });
  source.on('data', (piece: Buffer) => {
    if (failed) return;
    if (decoder === undefined) {
      if (piece.length === 0) return;
      [decoder, checkBytes] = createDecoder(coding, piece[0]!);
      decoder.on('error', (error) => fail(cutShort(error, coding)));
      decoder.pipe(body);
    }
    writeKeepingCheckApart(source, decoder, piece, checkBytes);
  });
  source.once('end', () => {
    // The coding decoded before this one failed part way: so does this one, after what came before.
    const failure = failureOf(source);
    if (failure !== undefined) return failAfterPending(failure);
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

/**
 * A readable high-water mark of 0: while the body is full (its reader is behind), the decoder stops at its
 * first piece of output instead of decoding on while output waits in it, output that a failure on the next
 * bytes would destroy unread. zlib's classes pass their options on to their Transform (Node's types leave that
 * out), which would make the writable one 0 too: it is the usual one, so that pieces still queue as they come.
 */
const holdNoOutput: TransformOptions = { readableHighWaterMark: 0, writableHighWaterMark: getDefaultHighWaterMark(false) };

function createDecoder(coding: Coding, firstByte: number): [Decoder, number] {
  // finishFlush is left at its default (finish), so that an end before the compressed data's end fails.
  if (coding === 'br') return [zlib.createBrotliDecompress({ ...holdNoOutput, flush: zlib.constants.BROTLI_OPERATION_FLUSH }), 0];
  const options = { ...holdNoOutput, flush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === 'gzip') return [zlib.createGunzip(options), 8];
  return (firstByte & 0x0f) === 8 ? [zlib.createInflate(options), 4] : [zlib.createInflateRaw(options), 0];
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
 * A body in a coding nobody asked for (`zstd`) fails, saying so (`reason`): passed on as it is, as fetch
 * does, it would read as garbage and fail later as a stream that ended too soon. Its code tells core's errors
 * (isDecodingFailure) that the body could not be decoded, not that it was cut short.
 */
function undecodable(message: http.IncomingMessage, reason: string): Readable {
  message.destroy();
  const body = new PassThrough();
  process.nextTick(() => body.destroy(Object.assign(new Error(reason), { code: 'ERR_UNSUPPORTED_CONTENT_ENCODING' })));
  return body;
}
