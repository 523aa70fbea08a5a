import * as http from 'node:http';
import * as https from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { redirectedRequest, withDirectReader, type BodyReader, type BodyReadResult, type Fetch } from '@groq-stream/core';
import type { Socket } from 'node:net';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Agent for `http:` URLs. Default: a keep-alive agent without a socket limit. */
  httpAgent?: http.Agent | undefined;
  /** Agent for `https:` URLs. Default: a keep-alive agent without a socket limit. */
  httpsAgent?: https.Agent | undefined;
}

const maxRedirects = 20;
const idleSocketTimeoutMs = 4_000;
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * A `fetch` for the Groq client on `node:http` / `node:https` rather than undici: lighter per streamed
 * response. It supports what the client sends (a method, headers, a string or byte body, a `signal`) and
 * gives a web `Response` whose body reads the socket only as fast as it is read (pausing it otherwise).
 * Like `fetch`, it decodes gzip, deflate (zlib-wrapped or raw, as undici reads it) and br, follows redirects (unless `redirect` says otherwise),
 * rejects with the signal's reason (an `AbortError` by default) when aborted, and with
 * `TypeError('fetch failed', { cause })` when the connection fails. A status outside 200–599, which a web
 * `Response` cannot hold, fails the same way.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  // An idle socket closes after 4 s, as in undici, or sooner when the server's `Keep-Alive: timeout=` says
  // so; the timeout only closes sockets in the pool, never one that a response is still using.
  const httpAgent = options.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: idleSocketTimeoutMs });
  const httpsAgent = options.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets: Infinity, timeout: idleSocketTimeoutMs });
  return (input, init = {}) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    try {
      const headers = requestHeaders(init.headers);
      const body = requestBody(init.body, headers);
      return send(new URL(input), (init.method ?? 'GET').toUpperCase(), headers, body, init.redirect ?? 'follow', signal, 0);
    } catch (error) {
      // An invalid URL, header or body: a rejection, as from fetch, not a throw.
      return Promise.reject(error);
    }
  };

  function send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
    redirect: RequestRedirect,
    signal: AbortSignal | undefined,
    redirects: number,
  ): Promise<Response> {
    return new Promise((resolvePromise, rejectPromise) => {
      // The request's listeners live as long as the response streams, and a settled promise holds its
      // Response: they reach it only through `pending`, let go once settled, so that a Response dropped
      // unread can be collected (and its connection released, see `droppedBodies`).
      let pending: { resolve: (value: Response | Promise<Response>) => void; reject: (error: unknown) => void } | undefined = {
        resolve: resolvePromise,
        reject: rejectPromise,
      };
      const resolve = (value: Response | Promise<Response>): void => {
        const settle = pending;
        pending = undefined;
        settle?.resolve(value);
      };
      const reject = (error: unknown): void => {
        const settle = pending;
        pending = undefined;
        settle?.reject(error);
      };
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        reject(new TypeError('fetch failed', { cause: new Error(`Unsupported protocol ${url.protocol}; use http: or https:.`) }));
        return;
      }
      const transport = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? httpsAgent : httpAgent;
      const request = transport.request(url, { method, headers, agent });
      // Each listener settles the promise only if none did before it (`pending` is left).
      const onAbort = (): void => {
        if (pending === undefined) return;
        reject(abortReason(signal!));
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (cause: Error & { rawPacket?: unknown }) => {
        if (pending === undefined) return;
        signal?.removeEventListener('abort', onAbort);
        // A parse error keeps the bytes it choked on, which may echo the request's key.
        delete cause.rawPacket;
        reject(new TypeError('fetch failed', { cause }));
      });
      // Without a listener node:http drops a 101 answer and only closes the request: the promise would
      // wait for the request timeout, then retry. Either way is an answer this client cannot use.
      request.once('upgrade', (message, socket) => {
        socket.destroy();
        if (pending === undefined) return;
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: new Error(`The server switched protocols (status ${message.statusCode}) instead of answering.`) }));
      });
      request.once('close', () => {
        // An error, if any, comes first and settles; this catches a close without one.
        if (pending === undefined) return;
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: new Error('The connection closed before the server answered.') }));
      });
      request.once('response', (message) => {
        if (pending === undefined) {
          message.destroy();
          return;
        }
        signal?.removeEventListener('abort', onAbort);
        try {
          answer(message);
        } catch (cause) {
          // A `location` that is no URL, say: a rejection, never an exception thrown out of the socket's event.
          message.destroy();
          reject(new TypeError('fetch failed', { cause }));
        }
      });
      request.end(body);

      function answer(message: http.IncomingMessage): void {
        const status = message.statusCode ?? 0;
        const location = message.headers.location;
        if (redirectStatuses.has(status) && location !== undefined && redirect !== 'manual') {
          message.destroy();
          if (redirect === 'error' || redirects >= maxRedirects) {
            reject(new TypeError('fetch failed', { cause: new Error(redirect === 'error' ? `Redirected to ${location} with redirect: 'error'.` : `More than ${maxRedirects} redirects.`) }));
            return;
          }
          const next = new URL(location, url);
          // Like fetch, but credentials stay on their origin: core's rule, the same as its client's.
          const hop = redirectedRequest(status, method, headers, url, next);
          resolve(send(next, hop.method, Object.fromEntries(hop.headers), hop.keepsBody ? body : undefined, redirect, signal, redirects + 1));
          return;
        }
        // Not a redirect: the request body is no longer needed, and this scope lives as long as the response
        // streams (the request's listeners hold it), so let the conversation it carries be collected.
        body = undefined;
        if (status < 200 || status > 599) {
          message.destroy();
          reject(new TypeError('fetch failed', { cause: new RangeError(`The server answered with status ${status}, which a Response cannot hold.`) }));
          return;
        }
        const hasBody = method !== 'HEAD' && !nullBodyStatuses.has(status);
        // A connection lost after the headers of a bodiless answer changes nothing; without a listener it would throw.
        if (!hasBody) message.on('error', () => undefined).resume();
        const response = new Response(hasBody ? bodyStream(message, signal) : null, {
          status,
          // Node's parser lets control bytes through that a Response refuses.
          statusText: (message.statusMessage ?? '').replace(/[^\t\x20-\x7e\x80-\xff]/g, ''),
          headers: responseHeaders(message.rawHeaders),
        });
        Object.defineProperty(response, 'url', { value: url.href });
        if (redirects > 0) Object.defineProperty(response, 'redirected', { value: true });
        resolve(response);
      }
    });
  }
}

// A body dropped unread (a `Response` nobody reads) would hold its connection until the server ends the
// answer, which for a stream may be never; fetch lets go of such a body's connection once it is garbage, and
// so does this. The reader, not the body, is what is kept here, so the body itself can be collected.
const droppedBodies = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<SocketBodyReader>((reader) => void reader.cancel());

/**
 * The response body as a web stream that pulls from the socket, with a direct reader for this SDK's stream
 * readers (see `withDirectReader`): both read through one {@link SocketBodyReader}.
 */
function bodyStream(message: http.IncomingMessage, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const reader = new SocketBodyReader(message, signal);
  let pulled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled = true;
        return reader.read().then((result) => {
          if (result.done) return controller.close();
          // A plain Uint8Array, as fetch gives, viewing the Buffer's memory rather than copying it.
          const { buffer, byteOffset, byteLength } = result.value;
          controller.enqueue(new Uint8Array(buffer, byteOffset, byteLength));
        });
      },
      cancel: () => reader.cancel(),
    },
    // Nothing is pulled before a read, so a direct reader can still take the body whole.
    { highWaterMark: 0 },
  );
  droppedBodies?.register(body, reader, reader);
  return withDirectReader(body, () => {
    if (pulled) return undefined;
    // From now on the direct reader is what its user holds, and the web stream may be collected mid-read.
    droppedBodies?.unregister(reader);
    return reader;
  });
}

/**
 * Reads a response body one piece per `read()`: the socket is paused while nobody reads, and then does not
 * keep the process alive either (as with fetch): a body nobody will read must not stop Node from exiting; a
 * read in progress does. While the reader keeps up, the socket simply flows.
 */
class SocketBodyReader implements BodyReader {
  private readonly source: Readable;
  private readonly socket: Socket | null;
  /** Pieces that arrived while no read was waiting: the socket is paused until they are read. */
  private buffered: Uint8Array[] = [];
  private waiting: { resolve: (result: BodyReadResult) => void; reject: (error: unknown) => void } | undefined;
  private failure: { error: unknown } | undefined;
  /** Ended, failed or cancelled: nothing more comes from the source. */
  private done = false;
  private referenced = true;

  constructor(
    private readonly message: http.IncomingMessage,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.source = decoded(message);
    this.socket = message.socket;
    if (signal?.aborted) {
      this.fail(abortReason(signal));
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.source.pause();
    this.reference(false);
    this.source.on('data', (value: Buffer) => {
      if (this.done) return; // drained after a cancel (see below)
      const waiting = this.waiting;
      if (waiting !== undefined) {
        this.waiting = undefined;
        waiting.resolve({ value, done: false });
        return;
      }
      this.buffered.push(value);
      this.source.pause();
      this.reference(false);
    });
    this.source.once('end', () => {
      if (this.done) return;
      this.finish();
      this.settleWaiting();
    });
    this.source.on('error', (cause) => this.fail(new TypeError('terminated', { cause })));
    // The connection closed before the end of the body (without an 'error' from a decoder).
    message.once('close', () => {
      if (!message.complete) this.fail(new TypeError('terminated', { cause: new Error('The connection closed before the end of the response body.') }));
    });
  }

  read(): Promise<BodyReadResult> {
    if (this.waiting !== undefined) return Promise.reject(new TypeError('A read is already in progress on this body.'));
    const value = this.buffered.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.reference(true);
      this.source.resume();
    });
  }

  cancel(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.finish();
    this.buffered = [];
    this.settleWaiting();
    // All of the body has arrived (a reader that stops at `data: [DONE]` often cancels then): drain it,
    // so that the connection goes back to the pool.
    if (this.message.complete) this.source.resume();
    else this.destroy();
    return Promise.resolve();
  }

  private readonly onAbort = (): void => this.fail(abortReason(this.signal!));

  private fail(error: unknown): void {
    if (this.done) return;
    this.finish();
    // As a web stream that errors: pieces not yet read are dropped.
    this.buffered = [];
    this.failure = { error };
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
    this.destroy();
  }

  private finish(): void {
    this.done = true;
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Answers a waiting read once no piece is left: the end. */
  private settleWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ value: undefined, done: true });
  }

  private destroy(): void {
    // Destroying the response closes its socket, so that the server sees the client leave.
    this.message.destroy();
    if (this.source !== this.message) this.source.destroy();
  }

  private reference(on: boolean): void {
    // Not on a socket that is gone: Node would add a 'connect' listener to it for every call.
    if (on === this.referenced || this.socket === null || this.socket.destroyed) return;
    this.referenced = on;
    if (on) this.socket.ref();
    else this.socket.unref();
  }
}

/** The body decoded per `content-encoding` (one coding), or the message itself. */
function decoded(message: http.IncomingMessage): Readable {
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

function requestHeaders(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init !== undefined) new Headers(init).forEach((value, name) => (headers[name] = value));
  headers.accept ??= '*/*';
  headers['accept-encoding'] ??= 'gzip, deflate'; // as Node's fetch asks; a br answer is decoded too
  return headers;
}

function requestBody(body: BodyInit | null | undefined, headers: Record<string, string>): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  let bytes: Uint8Array;
  if (typeof body === 'string') {
    bytes = Buffer.from(body);
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
  } else if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  else throw new TypeError('createNodeHttpFetch sends only string and byte bodies; pass the body as a string or a Uint8Array.');
  headers['content-length'] = String(bytes.byteLength);
  return bytes;
}

function responseHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
