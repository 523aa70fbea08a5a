import {
  APIUserAbortError,
  bodyTimeout,
  checkBodySize,
  checkContentEncoding,
  ChatRequestError,
  decodeRequestBody,
  onAbort,
  refusedBodyBounds,
  type ChatRelayOptions,
} from '@groq-stream/core';
import { cancelAtBound } from './cancel-at-bound.js';

/**
 * Reads a request body as UTF-8 text, refusing it (`ChatRequestError`, 413) as soon as it is larger than
 * `maxBodyBytes`: at once when `content-length` says so, and otherwise while reading, so a body that lies
 * about its length or has none (chunked) is cut off after at most one network read too many. A body that
 * takes longer than `bodyTimeoutMs` is refused (408), and so are bytes that are not UTF-8 (400) and a
 * compressed body (415), before it is read. What is left of a body refused past `maxBodyBytes` or compressed is
 * then read and dropped in the background, within bounds (see dropRest). A body that was already read or is
 * being read throws a `TypeError` that says so. When `request.signal` aborts (the browser left) before the body
 * has arrived, the wait ends at once with an `APIUserAbortError` (the signal's reason as `cause`) and the upload
 * is cancelled: a runtime that aborts the signal need not end the body stream, which would otherwise hold the
 * handler until `bodyTimeoutMs`, or for ever with 0. A body whose read fails (the upload broke off) is the browser
 * leaving too, whether or not `request.signal` has aborted yet: the same `APIUserAbortError`, the body's failure as
 * `cause`.
 */
export async function readRequestBody(request: Request, options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>): Promise<string> {
  try {
    checkContentEncoding(request.headers.get('content-encoding'), request.headers.get('transfer-encoding'));
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > 0) checkBodySize(declared, options);
  } catch (error) {
    // Refused unread (a compressed body, 415; one too large by its content-length, 413), the body is still read
    // and dropped, as the rest of one refused while reading is: left unread behind a Readable.toWeb adapter, it
    // stopped a client that sends its whole body before it reads the answer until Node dropped the connection as
    // idle, its answer never read (see dropRest).
    dropUnreadBody(request, options);
    throw error;
  }
  // Read before the handler got it (a wrapper that checked a signature with `request.text()`): the reader below
  // would fail with "ReadableStream is locked", which names nothing the developer can act on. The app's failure
  // (500, logged), as the TypeError was, not a browser that sent nothing.
  if (request.bodyUsed || request.body?.locked === true) {
    throw new TypeError('The request body was already read before createChatRouteHandler got the Request: hand it the Request unread, or a request.clone() made before the body was read.');
  }
  const { signal } = request;
  if (signal.aborted) throw browserLeft(signal);
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  const limit = bodyTimeout(options);
  // On the monotonic clock, for refusedBodyBounds: a wall clock stepped during the upload would move its bound.
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopListening: (() => void) | undefined;
  // What ends the wait for the next piece before it comes: the time limit, or the browser leaving.
  const interrupted = new Promise<never>((_, reject) => {
    if (limit.ms !== undefined) timer = setTimeout(() => reject(limit.error()), limit.ms);
    stopListening = onAbort(signal, () => reject(browserLeft(signal)));
  });
  try {
    for (;;) {
      const { value, done } = await Promise.race([reader.read(), interrupted]);
      if (done) break;
      bytes += value.byteLength;
      checkBodySize(bytes, options);
      pieces.push(value);
    }
  } catch (error) {
    // Past the limit: the rest is read and dropped, within bounds, while the 413 goes out (see dropRest).
    if (error instanceof ChatRequestError && error.status === 413) dropRest(reader, options, started);
    // Nothing more of the upload will be read: let the runtime drop it. Where the body comes from a Node socket
    // (Next.js's adapter, Readable.toWeb) this does not free the connection, which stays held until Node's
    // server drops it as idle.
    else reader.cancel().catch(() => undefined);
    // The body's own failure, neither a refusal of the relay's nor request.signal: the upload broke off, as it does
    // when the browser leaves. Deno (2.9.6) fails the body so before it aborts request.signal, which it does only
    // once the answer has gone: thrown as it came, it was answered 500 and logged as the app's failure.
    if (!ChatRequestError.isInstance(error) && !APIUserAbortError.isInstance(error)) throw browserLeft(signal, error);
    throw error;
  } finally {
    clearTimeout(timer);
    stopListening?.();
  }
  const body = new Uint8Array(bytes);
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.byteLength;
  }
  return decodeRequestBody(body);
}

/**
 * Reads and drops, in the background and within bounds (see dropRest), a body that is answered unread: refused
 * by its headers here, or sent with another method than POST, which `createChatRouteHandler` answers 405 without
 * reading it. Left unread behind a Readable.toWeb adapter, 12 MiB sent whole before the client reads stopped its
 * upload until Node's server dropped the connection as idle, and the next request on it got no answer. Nothing to
 * do for a request without a body, or one already read (or being read) by someone else.
 */
export function dropUnreadBody(request: Request, options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>): void {
  if (request.body !== null && !request.bodyUsed && !request.body.locked) dropRest(request.body.getReader(), options, performance.now());
}

/**
 * Reads the rest of a body refused past `maxBodyBytes` (by its `content-length`, or while reading) or answered
 * unread (see dropUnreadBody), and drops it, in the background, until it ends or passes core's `refusedBodyBounds`;
 * then cancels it. Cancelled at once, a Node server (`next start`, an adapter over Readable.toWeb) closed the
 * connection while the client still sent,
 * the bytes still coming reset it, and a client that had not read the 413 yet lost it: Node's `fetch` uploading
 * without end under `next start` failed with ECONNRESET 11 times in 30, and none once the rest was read. Left
 * unread, a body refused by its `content-length` behind a Readable.toWeb adapter stopped a client that sends all
 * of its body before it reads (Python's http.client posting 4 to 16 MiB, 10 times in 10 each) until Node's server
 * dropped the connection as idle, 6 s later, and it never read its 413. (`next start` read such a body itself, to
 * its end whatever its size; the bounds now apply there too.) Read to its end, the body also leaves its
 * connection fit for another request. The 413 does not wait for this: it is a whole `Response` of its own.
 */
function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>, started: number): void {
  const { bytes: most, ms } = refusedBodyBounds(options, started);
  // The bound holds the reader weakly (cancelAtBound), so that the read lasts only as long as something else
  // holds the body. On Node's servers nothing says that the client left: Node's server fails a request's body
  // when its connection closes only while the request is unanswered, so once the 413 has gone out the body
  // neither ends nor fails (through Readable.toWeb, and under `next start`, which gives Request the
  // IncomingMessage as its body); and request.signal has aborted already (an adapter that aborts it when the
  // response closes did so as the 413 went out, the rest still coming: no reason to stop) or never will (Next
  // aborts it only for a response closed before its end). While the client is connected its socket holds the
  // body, and so this read; once it has left, the body, the request, their closed socket and this read are
  // garbage, which a timer holding the reader kept until the bound (about 8 KB a client on Node 20 behind
  // Readable.toWeb, 33 KB under `next start`). Deno fails the body when the client leaves, and Bun once the 413
  // has gone out: the read ends at once there. No closure made here or in drain may hold the reader where a
  // timer could reach it: a closure keeps the whole scope it was made in, also where a minifier has inlined
  // these functions into one another (`next build` does).
  void drain(reader, most, performance.now() + ms);
}

/** Reads `reader` to its end and drops what comes, cancelling it past `most` bytes or at `until`. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, most: number, until: number): Promise<void> {
  const stop = cancelAtBound(reader, until);
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      dropped += value.byteLength;
      if (dropped > most) return void reader.cancel().catch(() => undefined);
    }
  } catch {
    // Cancelled at a bound, or the connection broke: nothing more to drop.
  } finally {
    stop();
  }
}

/**
 * The browser went away (`request.signal` aborted, or the upload broke off: `cause`) before its body had arrived:
 * nobody is left to answer.
 */
function browserLeft(signal: AbortSignal, cause: unknown = signal.reason): APIUserAbortError {
  return new APIUserAbortError('The browser left before its request body had arrived.', { cause });
}
