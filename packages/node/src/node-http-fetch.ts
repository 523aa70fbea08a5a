import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { onAbort as listenForAbort, redirectedRequest, type Fetch } from '@groq-stream/core';
import { abortReason } from './abort-reason.js';
import { bodyStream } from './body-stream.js';
import { cutPlace } from './cut-place.js';
import { noteLateRequestError } from './late-request-error.js';
import { closeOverdueIdleSockets, noteIdleSockets } from './overdue-idle-sockets.js';
import { watchReusedSocket } from './reused-socket-watch.js';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Agent for `http:` URLs. Default: a keep-alive agent without a socket limit, whose idle sockets close after 4 s. */
  httpAgent?: http.Agent | undefined;
  /** Agent for `https:` URLs. Default: a keep-alive agent without a socket limit, whose idle sockets close after 4 s. */
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
 * Like `fetch`, it decodes gzip, deflate (zlib-wrapped or raw, as undici reads it) and br, also stacked (a
 * `content-encoding` list, `identity` in it being no coding; a body whose compressed data stops before its
 * end fails as `terminated`, where undici's ends quietly), follows redirects (unless `redirect` says otherwise),
 * rejects with the signal's reason (an `AbortError` by default) when aborted, and with
 * `TypeError('fetch failed', { cause })` when the connection fails. A status outside 200–599, which a web
 * `Response` cannot hold, fails the same way, its cause's `code` `HPE_INVALID_STATUS` (as for a status line
 * node:http cannot parse), and so does a redirect whose `location` is empty.
 *
 * A request that went out on a kept-alive connection which the server closed or reset before one byte of an
 * answer came back is sent again, once, on a new connection, whatever its method and whatever the client's
 * `maxRetries`: that is how a server closing an idle connection just as the request arrives looks (Node's
 * `request.reusedSocket`), and the request can be replayed as it is, since only string and byte bodies are
 * sent. A server that took the request and then died without a byte looks the same, and gets it twice; when the
 * new connection fails too, the rejection's cause says that the request went out twice.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  // An idle socket closes after 4 s, as in undici, or sooner when the server's `Keep-Alive: timeout=` says
  // so; the timeout only closes sockets in the pool, never one that a response is still using.
  const httpAgent = options.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: idleSocketTimeoutMs });
  const httpsAgent = options.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets: Infinity, timeout: idleSocketTimeoutMs });
  noteIdleSockets(httpAgent);
  noteIdleSockets(httpsAgent);
  return (input, init = {}) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    try {
      const headers = requestHeaders(init.headers);
      const body = requestBody(init.body, headers);
      return send(new URL(input), (init.method ?? 'GET').toUpperCase(), headers, body, init.redirect ?? 'follow', signal, 0, true);
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
    mayReplay: boolean,
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
      closeOverdueIdleSockets(agent);
      const request = transport.request(url, { method, headers, agent });
      const reusedSocket = mayReplay ? watchReusedSocket(request, agent) : undefined;
      // Each listener settles the promise only if none did before it (`pending` is left).
      const onAbort = (): void => {
        if (pending === undefined) return;
        reject(abortReason(signal!));
        request.destroy();
      };
      // One listener on a signal that many requests share, as fetch allows: Node warns past ten.
      const stopListening = signal === undefined ? undefined : listenForAbort(signal, onAbort);
      const onError = (cause: Error & { rawPacket?: unknown }): void => {
        if (pending === undefined) return;
        stopListening?.();
        // A parse error keeps the bytes it choked on, which may echo the request's key.
        delete cause.rawPacket;
        if (reusedSocket?.closedWhileIdle(cause) === true) {
          // The server closed the idle connection as the request arrived: it never answered it. Once, and on a
          // new connection, so that a server that keeps failing still fails the request.
          reusedSocket.dropIdleSiblings();
          resolve(send(url, method, headers, body, redirect, signal, redirects, false).catch((error: unknown) => noteSentTwice(error, signal)));
          return;
        }
        reject(new TypeError('fetch failed', { cause }));
      };
      request.on('error', onError);
      // Without a listener node:http drops a 101 answer and only closes the request: the promise would
      // wait for the request timeout, then retry. Either way is an answer this client cannot use.
      const onUpgrade = (message: http.IncomingMessage, socket: Duplex): void => {
        socket.destroy();
        if (pending === undefined) return;
        stopListening?.();
        // llhttp's code for the pause at an upgrade: core's client calls it an answer that is not valid HTTP, as
        // undici's `bad upgrade` (RFC 9110 forbids a switch the request did not offer), not "no response".
        const cause = Object.assign(new Error(`The server switched protocols (status ${message.statusCode}) instead of answering.`), { code: 'HPE_PAUSED_UPGRADE' });
        reject(new TypeError('fetch failed', { cause }));
      };
      const onClose = (): void => {
        // An error, if any, comes first and settles; this catches a close without one.
        if (pending === undefined) return;
        stopListening?.();
        reject(new TypeError('fetch failed', { cause: new Error('The connection closed before the server answered.') }));
      };
      request.once('upgrade', onUpgrade).once('close', onClose);
      request.once('response', (message) => {
        // Answered: neither can happen any more, and the request keeps its listeners for as long as the body
        // streams (the body reader watches the connection from here).
        request.off('upgrade', onUpgrade).off('close', onClose);
        // From here an error settles nothing (the promise is settled below, or was): a shared listener that
        // keeps it for the body's reader, in place of one that would keep this whole scope (the request's
        // headers, the replay watch) for as long as the body streams.
        request.off('error', onError).on('error', noteLateRequestError);
        if (pending === undefined) {
          message.destroy();
          return;
        }
        stopListening?.();
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
          // fetch would read it as the same URL and go round 20 times; core's client refuses it too.
          if (location.trim() === '') throw new Error(`The server answered ${placeOf(url)} with a redirect (${status}) whose location header is empty.`);
          const next = new URL(location, url);
          if (redirect === 'error' || redirects >= maxRedirects) {
            // Origin and path only, as core names URLs: a query string may carry a token.
            const reason =
              redirect === 'error'
                ? `Redirected to ${placeOf(next)} with redirect: 'error'.`
                : `More than ${maxRedirects} redirects, the last time (${status}) from ${placeOf(url)} to ${placeOf(next)}.`;
            reject(new TypeError('fetch failed', { cause: new Error(reason) }));
            return;
          }
          // Like fetch, but credentials stay on their origin: core's rule, the same as its client's.
          const hop = redirectedRequest(status, method, headers, url, next);
          resolve(send(next, hop.method, Object.fromEntries(hop.headers), hop.keepsBody ? body : undefined, redirect, signal, redirects + 1, true));
          return;
        }
        // Not a redirect: the request body is no longer needed, and this scope lives as long as the response
        // streams (the request's listeners hold it), so let the conversation it carries be collected.
        body = undefined;
        if (status < 200 || status > 599) {
          message.destroy();
          // Not valid HTTP, as node:http's parser would say of a status it cannot read (llhttp's code), and as
          // core says of such a status from undici: the client words both alike.
          const cause = Object.assign(new RangeError(`The server answered with status ${status}, which a Response cannot hold.`), { code: 'HPE_INVALID_STATUS' });
          reject(new TypeError('fetch failed', { cause }));
          return;
        }
        const hasBody = method !== 'HEAD' && !nullBodyStatuses.has(status);
        // A connection lost after the headers of a bodiless answer changes nothing; without a listener it would throw.
        if (!hasBody) message.on('error', () => undefined).resume();
        const response = new Response(hasBody ? bodyStream(message, request, signal) : null, {
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

/**
 * Says in a failed replay's cause that the request went out twice: the client's error would otherwise read
 * "Retries were off" (maxRetries 0) for a request the server may have received twice. The cause keeps its
 * `code`; an abort's reason is left as the caller made it.
 */
function noteSentTwice(error: unknown, signal: AbortSignal | undefined): never {
  const cause = error instanceof TypeError && error !== signal?.reason ? error.cause : undefined;
  if (cause instanceof Error) {
    cause.message = `${cause.message.replace(/\.+$/, '')} (sent twice: the kept-alive connection it first went out on closed before answering, then a new connection failed too)`;
  }
  throw error;
}

/** A URL's origin and path for a message (a query may carry a token), cut short (cutPlace). */
function placeOf(url: URL): string {
  return cutPlace(`${url.origin}${url.pathname}`);
}
