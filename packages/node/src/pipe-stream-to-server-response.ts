import type { ServerResponse } from 'node:http';
import {
  checkSSEStreamOptions,
  defaultHeartbeatMs,
  guardErrorPayload,
  onAbort as listenForAbort,
  sseFrames,
  sseResponseHeaders,
  type ChatCompletionChunk,
  type CompletionUsage,
  type GroqError,
  type SSEStreamOptions,
  type Stream,
} from '@groq-stream/core';
import { onConnectionClose } from './on-connection-close.js';

/** Options of {@link pipeStreamToServerResponse}: those of `Stream.toSSEReadableStream()`, and a signal. */
export interface PipeStreamToServerResponseOptions extends SSEStreamOptions {
  /**
   * Stops the stream from outside: the upstream is aborted and the browser gets an `event: error`. `null` is
   * none, as with `undefined`; anything else that is not an `AbortSignal` rejects with `GroqError` before
   * anything is read or written.
   */
  signal?: AbortSignal | null | undefined;
}

// What pipeStreamToServerResponse() takes, for the hint when its options are not an object.
const pipeOptionNames = ['signal', 'heartbeatMs', 'stallTimeoutMs', 'errorPayload'] as const satisfies readonly (keyof PipeStreamToServerResponseOptions)[];

/** How a piped stream ended; see {@link pipeStreamToServerResponse}. */
export interface PipeStreamResult {
  /**
   * `completed`: every chunk and `data: [DONE]` were written (the headers alone for a HEAD request, whose
   * upstream is aborted at once). `client-closed`: the browser went away first (or the response was
   * destroyed, or ended by other code), and the upstream was aborted. `client-stalled`: the browser took no
   * bytes for `stallTimeoutMs`, so its connection was closed and the upstream aborted. `error`: the upstream
   * failed (or `signal` aborted) and the browser got an `event: error` frame.
   */
  outcome: 'completed' | 'client-closed' | 'client-stalled' | 'error';
  /** What went wrong, for your logs (`error` outcome only). The browser only ever sees a safe message. */
  error?: unknown;
  /** Token usage from the last chunk that carried it (`x_groq.usage` or `usage`). */
  usage?: CompletionUsage | undefined;
  /** Chunks written to the response. */
  chunks: number;
}

/** A compression middleware (`compression`) adds `flush()`; without a call, bytes would wait in zlib. */
type FlushableResponse = ServerResponse & { flush?: () => void };

/**
 * Writes a stream of chunks to a Node `ServerResponse` (node:http, Express, Fastify's `reply.raw`) as
 * server-sent events, byte for byte what `Stream.toSSEReadableStream()` and the web relay send: `data:`
 * frames, `data: [DONE]`, `event: error` with a safe message (with `code: "stream_truncated"` for a cut-off
 * stream, which `Stream.fromSSEResponse()` raises as a `StreamTruncatedError`), and `: ping` heartbeats. The headers go out
 * at once, before the first token. The upstream is read only as fast as the browser takes the bytes, and is
 * aborted as soon as the browser goes away or the response is destroyed (also one without a socket, made by
 * hand or queued behind another on its connection, whose `destroy()` emits no 'close'). It watches from its
 * call on: a browser that leaves while `create()` still waits for Groq's headers stops that request only
 * through a `signal` given to `create()`, aborted on the response's 'close' (the README's Cancelling shows how).
 *
 * Never rejects for stream problems: it settles with how the stream ended, for logs and metrics. It rejects
 * only for an option out of range (`heartbeatMs` or `stallTimeoutMs` not from 0 to 2,147,483,647 ms, an
 * `errorPayload` that is not a function, a `signal` that is not an `AbortSignal`), with a {@link GroqError},
 * before it writes or reads anything.
 */
export async function pipeStreamToServerResponse(
  stream: Stream<ChatCompletionChunk>,
  response: ServerResponse,
  options: PipeStreamToServerResponseOptions = {},
): Promise<PipeStreamResult> {
  checkSSEStreamOptions(options, 'pipeStreamToServerResponse()', pipeOptionNames);
  const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
  const stallTimeoutMs = options.stallTimeoutMs ?? 0;
  // A mapping that throws must not make this reject (it never does) nor leave the response open.
  // With the upstream request id, for an abort whose reason knows none (`AbortSignal.timeout()`, a plain Error).
  const errorPayload = guardErrorPayload(options.errorPayload, stream.requestId);
  const signal = options.signal ?? undefined;
  const output = response as FlushableResponse;
  let chunks = 0;
  let usage: CompletionUsage | undefined;
  const result = (outcome: PipeStreamResult['outcome'], error?: unknown): PipeStreamResult =>
    outcome === 'error' ? { outcome, error, usage, chunks } : { outcome, usage, chunks };

  // Ended by other code already: a write now would be a write after end, emitted as an 'error' nobody handles.
  if (response.destroyed || response.writableEnded) {
    stream.controller.abort();
    return result('client-closed');
  }
  // A HEAD request (Express routes it to an `app.get` handler) gets the headers alone: Node drops what is
  // written after them, so reading on would have Groq generate the whole answer for nothing, while the next
  // request on the connection waited behind it.
  if ((response.req as ServerResponse['req'] | undefined)?.method === 'HEAD') {
    writeHeaders(response, stream.requestId);
    response.end();
    stream.controller.abort();
    return result('completed');
  }

  // One listener per event for the whole stream; `wake` resolves the current wait for `drain`, if any.
  let clientClosed = false;
  let stalled = false;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let stallCheck: ReturnType<typeof setImmediate> | undefined;
  let wake: (() => void) | undefined;
  const wakeUp = (): void => {
    if (stallTimer !== undefined) clearTimeout(stallTimer);
    stallTimer = undefined;
    if (stallCheck !== undefined) clearImmediate(stallCheck);
    stallCheck = undefined;
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  // The socket took nothing for `stallTimeoutMs`: a client that stops reading but keeps its connection
  // open would otherwise hold the upstream stream for ever. Closing it ends the wait through `onClose`.
  const onStall = (): void => {
    // Still queued behind an earlier response on the same connection (pipelining): the client cannot take
    // these bytes yet, however fast it reads. The clock starts again; its connection closing ends the wait.
    if (response.socket === null) {
      // Or made by hand, without a socket: it never drains, and its destroy() emits no 'close' to end the wait.
      if (response.destroyed) return wakeUp();
      stallTimer = setTimeout(onStall, stallTimeoutMs);
      return;
    }
    stallTimer = undefined;
    // Node runs due timers before the I/O that came meanwhile: after this process was itself held up (a long
    // synchronous task, a GC pause) past the limit, a 'drain' may be waiting behind this timer. One more turn
    // for I/O decides; a drain then cancels the cut.
    stallCheck = setImmediate(() => {
      stallCheck = undefined;
      stalled = true;
      response.destroy();
    });
  };
  // Never this pipe's own end: it stops watching before that 'close' comes. An end by other code (a timeout
  // of the app's) is followed by its 'close' too, and nothing more can be sent after it.
  const onClose = (): void => {
    clientClosed = true;
    stream.controller.abort();
    wakeUp();
  };
  const onAbort = (): void => {
    stream.controller.abort(signal?.reason);
    wakeUp();
  };
  const stopWatching = onConnectionClose(response, onClose);
  // A response queued behind another on a connection that has closed since (pipelining).
  if (clientClosed) {
    stopWatching();
    return result('client-closed');
  }
  response.on('drain', wakeUp);
  // One listener on `signal` for all the responses that share it (a shutdown signal): Node warns past ten.
  const stopListening = signal === undefined || signal.aborted ? undefined : listenForAbort(signal, onAbort);
  if (signal?.aborted) onAbort();

  // A frame's bytes reached the socket: when the loop waits, the response may have room again. Node 24 can
  // leave a response waiting for a 'drain' that never comes: writes made in one tick are held together (corked)
  // and `write()` says the response is full by their length, but once they are handed on, the socket took them
  // without being full itself, so neither it nor the response emits 'drain' (24.22: a browser that paused for
  // 1.5 s then read 4.8 of 5.5 MB, and the relay waited until stallTimeoutMs). The callback of a write comes
  // either way; 'drain' stays the wake of writes that take no callback (a compression middleware's).
  const written = (): void => {
    if (wake !== undefined && response.writableLength < response.writableHighWaterMark) wakeUp();
  };
  const send = (frame: string): boolean => {
    const ready = response.write(frame, written);
    output.flush?.();
    return ready;
  };
  // Nothing more can be sent: the browser left, or other code destroyed or ended the response.
  const gone = (): boolean => clientClosed || response.destroyed || response.writableEnded;
  // Waits until the socket takes more, the browser is gone or stalls, or `signal` aborts: never on a dead socket.
  const drained = (): Promise<void> | undefined => {
    if (gone() || signal?.aborted) return undefined;
    if (stallTimeoutMs > 0) stallTimer = setTimeout(onStall, stallTimeoutMs);
    return new Promise<void>((resolve) => (wake = resolve));
  };
  const closedOutcome = (): PipeStreamResult => result(stalled ? 'client-stalled' : 'client-closed');

  writeHeaders(response, stream.requestId);
  // The first heartbeat at once, as `toSSEReadableStream()` sends it: the same bytes from both relays, and
  // a proxy that holds the headers until body bytes come lets them through.
  if (heartbeatMs > 0) send(sseFrames.heartbeat);
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          // A reader that is behind gains nothing from more bytes; the data it has not read proves the line alive.
          // Nor one after an end by other code: Node emits that write's failure as an 'error' event on the
          // response, which nothing handles, and the process would crash.
          if (!response.writableNeedDrain && !gone()) send(sseFrames.heartbeat);
        }, heartbeatMs)
      : undefined;

  try {
    for await (const { chunk, frame } of stream.sseDataFrames()) {
      // Ended by other code while the next token was on its way: a response made by hand never emits 'close'.
      if (gone()) break;
      chunks += 1;
      usage = chunk.x_groq?.usage ?? chunk.usage ?? usage;
      if (!send(frame)) await drained();
      // Leaving the loop releases the upstream connection at once. A destroyed response is gone as well, even
      // before its 'close': one made by hand, without a connection, never emits it; so is one ended by other
      // code, whose 'close' waits until the browser has read what was sent.
      if (gone()) break;
    }
    if (gone()) return closedOutcome();
    send(sseFrames.done);
    response.end();
    return result('completed');
  } catch (error) {
    if (gone()) return closedOutcome();
    // An outside abort surfaces from the stream as APIUserAbortError; the signal's reason says more.
    const cause = signal?.aborted ? signal.reason : error;
    send(sseFrames.error(errorPayload(cause, { chunks })));
    response.end();
    return result('error', cause);
  } finally {
    clearInterval(heartbeat);
    if (stallTimer !== undefined) clearTimeout(stallTimer);
    if (stallCheck !== undefined) clearImmediate(stallCheck);
    stopWatching();
    response.off('drain', wakeUp);
    stopListening?.();
  }
}

/** The event stream's headers, unless other code sent its own already. */
function writeHeaders(response: ServerResponse, requestId: string | undefined): void {
  if (response.headersSent) return;
  // Groq's request id, for the browser's developer tools and support requests (never a secret): always as
  // x-groq-request-id, and as x-request-id unless the app set its own (a request-id middleware's), which
  // writeHead would otherwise replace.
  const ids = requestId === undefined ? {} : { 'x-groq-request-id': requestId, ...(response.hasHeader('x-request-id') ? {} : { 'x-request-id': requestId }) };
  response.writeHead(200, { ...sseResponseHeaders, ...ids });
  response.flushHeaders();
}
