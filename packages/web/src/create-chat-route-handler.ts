import {
  APIUserAbortError,
  chatRelayDefaults,
  checkChatRelayOptions,
  checkSSEStreamOptions,
  createChatRelayRequest,
  GroqError,
  parseChatRequest,
  relayErrorResponse,
  type ChatRelayOptions,
} from '@groq-stream/core';
import { createSSEResponse } from './create-sse-response.js';
import { dropUnreadBody, readRequestBody } from './read-request-body.js';

// Node's `Request` stops following the signal it was made with once the Request itself is garbage
// (nodejs/undici#3644), and runtimes keep only the Response: the stream keeps `request.signal`, and through
// this map the Request too, so that the runtime's abort still reaches it.
const requestOfSignal = new WeakMap<AbortSignal, Request>();

/**
 * A route handler that relays a chat to Groq and streams the answer back: the browser posts
 * `{ messages, model? }`, gets server-sent events, and reads them with `Stream.fromSSEResponse(response)`.
 * A plain `(request: Request) => Promise<Response>`, so it serves Next.js App Router routes (Node.js and
 * edge runtimes), and any server built on web `Request`/`Response` (Deno, Bun, Hono, workers).
 *
 * The body is read up to `maxBodyBytes` (413 beyond) and within `bodyTimeoutMs` (408 beyond), a compressed
 * one refused unread (415), checked (`parseChatRequest`: 400, 405, 413, 415), passed
 * through `prepare`, and sent with `request.signal`, so a browser that goes away (or presses Stop) aborts
 * the upstream request. A failure before the stream starts is answered as JSON with a matching status
 * (a rate limit stays 429 with `retry-after`), never as a 200 stream; a browser that left before the answer
 * began (its upload, or the wait for Groq, cut short by `request.signal`) gets a bodiless 499, which nobody reads,
 * rather than a 5xx that would count as the server failing; a failure during the stream ends it
 * with an `event: error` carrying a safe message (with `code: "stream_truncated"` when Groq's stream was cut
 * off, which `Stream.fromSSEResponse()` raises as a `StreamTruncatedError`; other failures as a
 * `StreamServerError`).
 *
 * Log lines (a refused key or an outage, and an upstream failure mid-stream: `warn`; the app's own failure,
 * such as a bug in `prepare`: `error`; the browser's bad request or Groq's rate limit, and a browser that left
 * mid-stream (the body cancelled, or `request.signal` aborted, before the answer's end) or took no bytes for
 * `stallTimeoutMs` (the body failed and the upstream request was aborted): `info`) go to the
 * request's client's `logger` at its `logLevel`, as the
 * client's own do (`logWithClient`): `options.client` when it is a client, or what the `client` function
 * returned. Before there is one (the function or getter threw, or `prepare` threw before the function was
 * called), they go to `console`. Once `request.signal` has aborted (the browser left), the only line is the
 * `info` one saying so, when the answer had begun streaming; the app's own failure is not logged then. Each
 * line says how long the request had run (`after 1234 ms`).
 *
 * Requests pipelined on one HTTP/1.1 connection (no browser does this) are the runtime's to order: a
 * `Request` says nothing of its connection. `next start` (16.4) hands them all over at once, and when the
 * connection closes it aborts `request.signal` only for the answer being sent; those queued behind it keep
 * their upstream streams until they end or `stallTimeoutMs` passes. A proxy in front that does not pipeline
 * (most do not) avoids it; the Express relay sends such requests upstream one at a time.
 *
 * `options` is read on each request, never copied, so a getter can defer work to request time; all but
 * `requestOptions`, which is read once, when the handler is made, and checked as `create()` checks a
 * request's options (its headers and query parameters included): every request sends that copy. Next.js
 * loads route modules during `next build`, where `GROQ_API_KEY` is usually not set and `new Groq()` would
 * throw: create the client on the first request instead, as below.
 *
 * `client` (when a function) and `prepare` get the incoming `Request`: `request.headers.get('x-team')` needs no
 * cast. Options typed `ChatRelayOptions` (whose functions take `unknown`), shared with the Express relay, fit too.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts
 * import { createChatRouteHandler, Groq } from '@groq-stream/web';
 *
 * let client: Groq | undefined;
 * export const POST = createChatRouteHandler({
 *   get client() {
 *     return (client ??= new Groq()); // reads GROQ_API_KEY (and GROQ_BASE_URL) on the first request
 *   },
 *   model: 'llama-3.3-70b-versatile',
 * });
 * ```
 *
 * @throws {@link GroqError} when an option is out of range (no `model`, `maxBodyBytes: 0`, a
 *   `requestOptions.headers` value no request could send, ...).
 */
export function createChatRouteHandler(options: ChatRelayOptions<Request>): (request: Request) => Promise<Response> {
  // Read once, here, and checked: every request sends this copy (see checkChatRelayOptions).
  const requestOptions = checkChatRelayOptions(options);
  return async (request) => {
    // Picks the request's client and writes the lines about it: none once the browser left (request.signal).
    const relayed = createChatRelayRequest('createChatRouteHandler', options, request.signal);
    // Until the body is in, an APIUserAbortError is the browser leaving mid-upload, also where the runtime fails the
    // body before it aborts request.signal (see readRequestBody).
    let uploading = true;
    try {
      // Another method gets 405 from the shared validation: its body is not worth reading, and is dropped, as a
      // body refused unread is, and as the Express relay drops it (see dropUnreadBody).
      let body = '';
      if (request.method === 'POST') body = await readRequestBody(request, options);
      else dropUnreadBody(request, options);
      uploading = false;
      const parsed = parseChatRequest({ method: request.method, contentType: request.headers.get('content-type'), body }, options);
      const { params, client } = await relayed.prepare(parsed, request);
      // Groq's request id, once the stream is open, for the line about a browser that left.
      let requestId: string | undefined;
      // The runtime may cancel the body first, or abort request.signal first (the pending chunk then fails
      // with the abort): one line either way.
      let goneLogged = false;
      const browserGone = (chunks: number, stalled: boolean): void => {
        if (goneLogged) return;
        goneLogged = true;
        // Without the line, an answer cut short by the browser looks, in the log, like one never asked for.
        relayed.logBrowserGone(chunks, stalled, requestId);
      };
      // Read and checked before anything is sent: out of range (a getter that changed), they made
      // createSSEResponse throw once Groq's stream was open, and nothing released it.
      const sseOptions = {
        heartbeatMs: options.heartbeatMs,
        stallTimeoutMs: options.stallTimeoutMs ?? chatRelayDefaults.stallTimeoutMs,
        // Called for a failure mid-stream, whose browser sees only a safe `event: error`: the log has to say it,
        // as it does for a failure before the stream, and how far the answer got, as the Express relay's does.
        // Once request.signal has aborted, the failure is that abort: the browser left.
        errorPayload: (error: unknown, sent?: { chunks: number }) => {
          if (request.signal.aborted) browserGone(sent?.chunks ?? 0, false);
          else relayed.logMidStreamFailure(error, sent?.chunks);
          return undefined;
        },
        onCancel: ({ chunks }: { chunks: number }) => browserGone(chunks, false),
        // A browser that stopped reading but kept its connection: the body fails, the runtime closes the
        // connection and the upstream request is aborted, with no cancel to say so. The Express relay logs it too.
        onStall: ({ chunks }: { chunks: number }) => browserGone(chunks, true),
      };
      checkSSEStreamOptions(sseOptions, 'createChatRouteHandler');
      requestOfSignal.set(request.signal, request);
      const stream = await client.chat.completions.create(params, { ...requestOptions, signal: request.signal });
      requestId = stream.requestId;
      return createSSEResponse(stream, { signal: request.signal, ...sseOptions });
    } catch (error) {
      // The browser left before the answer began (mid-upload, or while Groq was asked), and that abort is the
      // failure: nobody reads the answer, and no line is written (see createChatRelayRequest). Not the 502 that
      // relayErrorResponse makes of the abort, which a platform's request log and error rate count as the server
      // failing, though nothing may have gone upstream: 499, nginx's "client closed request". An answer Groq gave
      // as the browser left keeps its status.
      if ((request.signal.aborted || uploading) && APIUserAbortError.isInstance(error)) return new Response(null, { status: 499, statusText: 'Client Closed Request', headers: { 'cache-control': 'no-store' } });
      // The browser's bad request and Groq's answers are expected, and so is a browser that left while it
      // uploaded; anything else is a bug in the app's configuration (no key) or `prepare`, which the browser
      // sees only as a safe 500: log it for the developer (redacted).
      const { status, statusText, headers, body, expected, serverFault } = relayErrorResponse(error);
      if (!expected) relayed.logAppFailure(error);
      // A bad key or an outage: the browser only sees a safe message, so the server's log has to say it.
      if (serverFault) relayed.logUpstreamFailure(status, error);
      // The browser's own bad request, or a rate limit: not the server's to fix, but an operator asked why a
      // user got no answer needs the line (at info).
      else if (expected) relayed.logRefusal(status, error);
      // With Groq's phrase for its own 498: a server that writes the Response with Node's http (Next.js) would write `498 unknown`.
      return new Response(JSON.stringify(body), { status, headers, ...(statusText === undefined ? {} : { statusText }) });
    }
  };
}
