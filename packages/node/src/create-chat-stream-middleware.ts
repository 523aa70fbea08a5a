import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bodyTimeout,
  chatRelayDefaults,
  checkBodySize,
  checkChatRelayOptions,
  checkSSEStreamOptions,
  checkContentEncoding,
  ChatRequestError,
  createChatRelayRequest,
  decodeRequestBody,
  GroqError,
  parseChatRequest,
  redactSecretsDeep,
  refusedBodyBounds,
  relayErrorResponse,
  type ChatCompletionChunk,
  type ChatRelayOptions,
  type ChatRelayRequest,
  type RequestOptions,
  type Stream,
} from '@groq-stream/core';
import { endAfterBody } from './end-after-body.js';
import { errorForNext } from './error-for-next.js';
import { onConnectionClose } from './on-connection-close.js';
import { pipeStreamToServerResponse } from './pipe-stream-to-server-response.js';
import { responseClosedBy } from './response-closed-by.js';
import { serializeParsedBody } from './serialize-parsed-body.js';
import { waitForTurn } from './wait-for-turn.js';

/**
 * The request the middleware gets, and hands to `client` (when a function) and `prepare`: a Node
 * `IncomingMessage`, with the `body` that a body parser such as `express.json()` may have set. Under Express
 * it is Express's `Request`, which is one.
 */
type IncomingChatRequest = IncomingMessage & { body?: unknown };

/**
 * An Express handler, for Express 4.21+ and 5 (and a plain node:http one):
 * `(request, response, next?) => Promise<void>`, which never rejects. It needs no Express import;
 * `request.body` is used when a body parser such as `express.json()` already read it.
 */
export type ChatStreamMiddleware = (
  request: IncomingChatRequest,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Relays a conversation from the browser to Groq and streams the answer back as server-sent events:
 * `app.all('/api/chat', createChatStreamMiddleware({ client, model }))` (`all`, so that other methods get its
 * 405 rather than Express' 404). The browser sends
 * `{ messages, model? }`; the server decides everything else (see {@link ChatRelayOptions}). Refusals and
 * upstream failures before the stream starts are JSON errors with a fitting status (400, 405, 408, 413 or 415
 * for the browser's request; Groq's own status for its error answers, a 429 keeping `retry-after`; 502 when
 * Groq cannot be reached, 504 when it does not answer in time); a failure mid-stream is an `event: error` (with
 * `code: "stream_truncated"` when Groq's stream was cut off, which `Stream.fromSSEResponse()` raises as a
 * `StreamTruncatedError`; other failures as a `StreamServerError`). When the browser goes away, the
 * upstream request is aborted at once, and so it is when the response is destroyed (also one without a
 * socket, whose `destroy()` emits no 'close'); destroyed before the upstream request goes out, none is sent.
 * Requests pipelined on one connection are prepared and sent to Groq one at a time, each when its answer can be
 * sent. Other errors (a bug in `prepare`) go to `next`, Express's error handler, with any key they quote redacted;
 * without `next` (plain node:http) they are logged, redacted, and answered with a safe 500, as in the web
 * relay.
 *
 * Log lines (a refused key or an outage: `warn`; an upstream failure mid-stream: `warn`; the app's own
 * failure without `next`: `error`; the browser's bad request or Groq's rate limit, and a browser that left or
 * stopped reading mid-stream: `info`) go to the request's client's `logger` at its `logLevel`, as the client's
 * own do (`logWithClient`): `options.client` when it is a client, or what the `client` function returned.
 * Before there is one (the function threw, or `prepare` threw before it was called), they go to `console`.
 * Once the browser has left (its connection closed or the response destroyed), nothing goes to `next`, and
 * the only line is the `info` one saying so, when the answer had begun streaming.
 *
 * `client` (when a function) and `prepare` get the Node request: `request.headers['x-team']` needs no cast.
 * Options typed `ChatRelayOptions` (whose functions take `unknown`), shared with the web relay, fit too.
 *
 * `options.requestOptions` is read once, here, and checked as `create()` checks a request's options (its
 * headers and query parameters included): every request sends that copy.
 *
 * @throws {@link GroqError} when an option is out of range (no `model`, `maxBodyBytes: 0`, a
 *   `requestOptions.headers` value no request could send, ...).
 */
export function createChatStreamMiddleware(options: ChatRelayOptions<IncomingChatRequest>): ChatStreamMiddleware {
  // Read once, here, and checked: every request sends this copy (see checkChatRelayOptions).
  const requestOptions = checkChatRelayOptions(options);
  return async (request, response, next) => {
    // When the body's time (bodyTimeoutMs) began: the rest of a refused body is read no later than it allows.
    // On the monotonic clock: a wall clock stepped during the upload would move the bound with it.
    const arrived = performance.now();
    const controller = new AbortController();
    // Also a response that other code ended (an app's own time limit) and that has closed since: nobody reads
    // the answer. The middleware's own answer ends the watch before its 'close' comes.
    const stopWatching = onConnectionClose(response, () => controller.abort());
    // Picks the request's client and writes the lines about it: none once the browser left.
    const relayed = createChatRelayRequest('createChatStreamMiddleware', options, controller.signal);
    try {
      // Read and checked before anything is sent: out of range (a getter that changed since the middleware was
      // made), they made the pipe throw once Groq's stream was open, and nothing released it.
      const pipeOptions = { heartbeatMs: options.heartbeatMs, stallTimeoutMs: options.stallTimeoutMs ?? chatRelayDefaults.stallTimeoutMs };
      checkSSEStreamOptions(pipeOptions, 'createChatStreamMiddleware');
      const stream = await openChatStream(request, response, options, requestOptions, controller.signal, relayed);
      // The pipe watches the connection from here, and aborts the stream itself: one watcher per open stream, not two.
      stopWatching();
      const piped = await pipeStreamToServerResponse(stream, response, pipeOptions);
      // The browser saw only a safe `event: error`: as with a failure before the stream, the log has to say it.
      if (piped.outcome === 'error') relayed.logMidStreamFailure(piped.error, piped.chunks);
      // The browser stopped reading, or left: the answer was cut short, which the log would not show otherwise.
      else if (piped.outcome === 'client-stalled') relayed.logBrowserGone(piped.chunks, true, stream.requestId);
      else if (piped.outcome === 'client-closed') {
        // Or other code ended or destroyed the response (a time limit of the app's): the browser did not leave.
        const by = responseClosedBy(request, response);
        if (by === 'browser') relayed.logBrowserGone(piped.chunks, false, stream.requestId);
        else relayed.logResponseClosed(piped.chunks, by, stream.requestId);
      }
    } catch (error) {
      // The browser left before the stream began: nobody to answer; the upstream request is aborted.
      if (controller.signal.aborted || response.destroyed) return;
      const answer = relayErrorResponse(error);
      // A bad key or an outage: the browser only sees a safe message, so the server's log has to say it.
      if (answer.serverFault) relayed.logUpstreamFailure(answer.status, error);
      // The browser's own bad request, or a rate limit: not the server's to fix, but an operator asked why a
      // user got no answer needs the line (at info).
      else if (answer.expected) relayed.logRefusal(answer.status, error);
      const expected = answer.expected && !response.headersSent;
      // Anything else is a bug in the app's configuration (no key) or `prepare`: Express's error handler
      // decides. The app's own error may quote a key, and Express's default handler shows the error to the
      // browser outside production: it gets a redacted copy (the same error when it holds no secret). A value that
      // next() reads as no error (`undefined`) or as a way on ('route') goes as an Error (see errorForNext).
      if (!expected && next !== undefined) return next(errorForNext(redactSecretsDeep(error)));
      // Without Express (plain node:http): logged here, with the error's words in the line and the error (redacted) after it.
      if (!expected) relayed.logAppFailure(error);
      if (response.headersSent) return void response.destroy();
      // A body refused half-way is not kept: the connection closes after it rather than wait for more requests.
      if (!request.complete) answer.headers.connection = 'close';
      // The app's own request id (a request-id middleware's) stays; Groq's is in x-groq-request-id.
      if (response.hasHeader('x-request-id')) delete answer.headers['x-request-id'];
      // With its length, as Express's res.json() sends it: the 405 to a HEAD has no body and so no chunked framing,
      // and without a length a client (Node's) reads it as a body that ends with the connection, and closes it.
      const text = JSON.stringify(answer.body);
      const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
      // With Groq's phrase for its own 498, which Node knows none for (it would write `498 unknown`). Without one,
      // none is passed: Node reads writeHead(status, undefined, headers), but on-headers, which wraps writeHead
      // under compression, morgan and express-session, takes a second argument that is not a string for the
      // headers, and every header of the answer was dropped (its type, length, retry-after, connection: close).
      if (answer.statusText === undefined) response.writeHead(answer.status, headers);
      else response.writeHead(answer.status, answer.statusText, headers);
      if (request.complete) return void response.end(text);
      // The answer goes out whole now; the connection closes once the client has stopped sending (see endAfterBody).
      // A compression middleware's flush(), as the pipe calls it: else a gzipped answer waits in zlib for the end.
      response.write(text);
      (response as ServerResponse & { flush?: () => void }).flush?.();
      await endAfterBody(request, response, refusedBodyBounds(options, arrived));
    } finally {
      stopWatching();
    }
  };
}

/**
 * Reads and checks the browser's request, and prepares it and starts the upstream stream once the answer can be
 * sent (see `waitForTurn`). A function of its own so that the body and the parsed conversation are garbage once
 * the stream has begun: kept in the handler's frame, they would stay in memory for as long as the answer streams
 * (twice the conversation, per open stream). `relayed` picks the client around `prepare`, and so knows
 * which client the lines about this request go through.
 */
async function openChatStream(
  request: IncomingChatRequest,
  response: ServerResponse,
  options: ChatRelayOptions<IncomingChatRequest>,
  requestOptions: Omit<RequestOptions, 'signal'>,
  signal: AbortSignal,
  relayed: ChatRelayRequest,
): Promise<Stream<ChatCompletionChunk>> {
  const body = await readBody(request, options);
  const contentType = request.headers['content-type'] ?? null;
  const params = parseChatRequest({ method: request.method ?? 'GET', contentType, body }, options);
  // Before `prepare`, the app's work (a quota counted, a lookup), which a client pipelining 200 requests had
  // run for each at once, while only the first answer could be sent. But after the body: read at once, it keeps
  // Node reading the connection, and so hearing at once that the client left while the answer before is silent
  // (waiting for Groq's first token); a body left unread past its buffer stops that reading until a write fails.
  await waitForTurn(response, signal);
  // When the connection closed meanwhile, `signal` has aborted: `prepare` is not called, and nothing is sent.
  const { params: prepared, client } = await relayed.prepare(params, request);
  return client.chat.completions.create(prepared, { ...requestOptions, signal });
}

/** The body as text: parsed already by a body parser, or read here, refusing it (413) once it is too large. */
async function readBody(request: IncomingChatRequest, options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>): Promise<string> {
  if (request.body !== undefined && !isPlaceholder(request)) return parsedBody(request);
  // A method without a body: the shared validation answers 405.
  if (request.method !== 'POST') return '';
  // Read to its end by an earlier middleware that kept it to itself (a signature check over the raw bytes):
  // answered as an empty body, the browser was blamed (400) for the app's stack, and the log said only that
  // much, at info. The app's failure (its error handler, or a logged 500), as the web relay answers a
  // Request whose body was read before it.
  if (request.readableEnded) {
    throw new TypeError(
      'The request body was already read before createChatStreamMiddleware got the request, by an earlier middleware that left no request.body: mount the relay before that middleware, or have it set request.body to what it read (a Buffer or a string).',
    );
  }
  // Closed before this handler ran (an earlier one awaited, and the browser left): a closed request emits no
  // more events, so waiting for them would hold the handler until `bodyTimeoutMs`, or for ever with 0.
  if (request.destroyed) throw new Error('The request was closed before its body ended.');
  // A body parser inflates what it reads; read here, a compressed body would only fail later as "not UTF-8".
  checkContentEncoding(request.headers['content-encoding'], request.headers['transfer-encoding']);
  // Its pieces would come as text, which the byte count and the UTF-8 check cannot take: the app's failure, as
  // body-parser makes it ("stream encoding should not be set"), with what to do rather than Buffer.concat's TypeError.
  if (request.readableEncoding !== null) {
    throw new TypeError(
      `An earlier middleware set an encoding on the request (${JSON.stringify(request.readableEncoding)}), so its body would come as text: createChatStreamMiddleware reads the bytes itself. Leave the encoding unset, or parse the body before the relay and set request.body.`,
    );
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared)) checkBodySize(declared, options);
  const limit = bodyTimeout(options);
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    let size = 0;
    const settle = (error: unknown, text?: string): void => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error === undefined) resolve(text ?? '');
      else reject(error);
    };
    // The connection is closed after the 408 (the body is not complete), so nothing more of it is read.
    const timer = limit.ms === undefined ? undefined : setTimeout(() => settle(limit.error()), limit.ms);
    const onData = (piece: Buffer): void => {
      size += piece.length;
      try {
        checkBodySize(size, options);
        pieces.push(piece);
      } catch (error) {
        // Not destroyed, so that the 413 can still be sent; the rest is read and dropped.
        settle(error);
        request.resume();
      }
    };
    const onEnd = (): void => {
      try {
        settle(undefined, decodeRequestBody(Buffer.concat(pieces)));
      } catch (error) {
        settle(error);
      }
    };
    const onClose = (): void => settle(new Error('The request was closed before its body ended.'));
    request.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
    // A 'data' listener does not start a request that an earlier middleware paused: its body would never
    // come, and the browser would get a 408 for a body it sent whole.
    request.resume();
  });
}

/**
 * Whether `request.body` is the `{}` that Express 4's body parsers (body-parser 1) set before they look at the
 * content type, and leave there for a body they do not parse, unread: `express.urlencoded()` in front of the
 * chat route, or `express.json()` before an `application/vnd.…+json` body. Taken for the body, it refused
 * every such chat as one without messages. A parser that did read the body has ended the request stream.
 */
function isPlaceholder(request: IncomingChatRequest): boolean {
  return !request.readableEnded && isEmptyObject(request.body);
}

/**
 * The body a parser already read, as text for the shared checks: the bytes `express.raw()` kept and the text
 * `express.text()` (or an app's own middleware) set as they are, and what `express.json()` made of it as JSON
 * again. But `express.json({ strict: false })` sets request.body to the string that a body such as `"hello"`
 * holds: taken for the text, `"hello"` was refused as not JSON, and a page's request encoded twice was relayed,
 * where without a parser both are refused as not an object. And `express.json()` makes `{}` of an empty body:
 * refused as one without messages, not as the empty body it is. The request's length tells both apart.
 *
 * Not the content type, by which body parsers choose: it says how the body was sent, not which parser read it.
 * `express.text({ type: 'application/json' })` (or one set to read every type) reads a conversation sent as
 * JSON as text, and an app's middleware that takes a payload out of an envelope sets a string under a JSON type
 * too: each taken for a JSON string would be encoded again and refused (400), a working set-up broken. Where
 * there is no length to tell by (a chunked body; a compressed one, whose length is not the text's), the string
 * is read as text, even under a JSON type, for the same reason: a JSON string sent so behind
 * `express.json({ strict: false })`, which is never a chat request, is then refused as not JSON rather than as
 * not an object, and a conversation encoded twice is relayed, where refusing every such `express.text()`
 * conversation would be worse. A text/plain body (a page's fetch without a CORS preflight) is refused (415)
 * whichever parser read it.
 */
function parsedBody(request: IncomingChatRequest): string {
  const { body } = request;
  if (Buffer.isBuffer(body)) return decodeRequestBody(body);
  const length = identityLength(request);
  if (length === 0 && isEmptyObject(body)) return '';
  if (typeof body !== 'string') return serializeParsedBody(body);
  return length !== undefined && isWrittenAsJSON(body, length) ? serializeParsedBody(body) : body;
}

/**
 * Whether a body of `length` bytes is `text` written as a JSON string, as a page's `JSON.stringify` writes it,
 * with or without a byte order mark (which body-parser drops). Text read from the body is not: written as JSON
 * it gains 2 quotes and an escape for each quote in it, so it would need a byte order mark and a single quote
 * (or backslash), which no chat request has. A string written otherwise (white space around it, `\u` escapes)
 * is read as the body's text, as before (refused, 400, unless it is a chat request itself), and so is what an
 * app's own middleware set that is shorter than the body (a payload it took out of an envelope).
 */
function isWrittenAsJSON(text: string, length: number): boolean {
  const written = Buffer.byteLength(JSON.stringify(text));
  return written === length || written + 3 === length;
}

/**
 * The body's length in bytes as sent: `content-length`, which Node framed the body by, when the body was not
 * compressed (a parser inflates it). `undefined` for a chunked or compressed body.
 */
function identityLength(request: IncomingChatRequest): number | undefined {
  const coding = request.headers['content-encoding']?.trim().toLowerCase() ?? '';
  const length = request.headers['content-length'];
  return length === undefined || (coding !== '' && coding !== 'identity') ? undefined : Number(length);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}
