import { checkSSEStreamOptions, guardErrorPayload, onAbort, sseResponseHeaders, type GroqError, type SafeErrorPayload, type SSEReadableStreamOptions, type Stream } from '@groq-stream/core';

/**
 * `ResponseInit` plus what the stream needs: who may cancel it, heartbeats, how errors read, `onCancel`,
 * called when the body is cancelled before its end (the browser left), and `onStall`, called when the body
 * fails because the runtime took no bytes for `stallTimeoutMs` (the browser stopped reading).
 */
export interface SSEResponseInit extends ResponseInit, SSEReadableStreamOptions {
  /**
   * Aborting it aborts the upstream request (`stream.controller.abort()`), and a reader still reading gets an
   * `event: error` (the answer was cut) that `errorPayload` makes of the abort's reason, as with
   * `pipeStreamToServerResponse`. Pass the incoming
   * `request.signal`, which the runtime aborts when the browser goes away. `null` is none, as with
   * `undefined`; anything else that is not an `AbortSignal` throws `GroqError` before the stream is taken.
   */
  signal?: AbortSignal | null | undefined;
}

// What createSSEResponse() takes, for the hint when its init is not an object.
const sseResponseInitNames = [
  'signal',
  'heartbeatMs',
  'stallTimeoutMs',
  'errorPayload',
  'onCancel',
  'onStall',
  'status',
  'statusText',
  'headers',
] as const satisfies readonly (keyof SSEResponseInit)[];

/**
 * A web `Response` that relays `stream` to a browser as server-sent events (`data: <json>` chunks, a final
 * `data: [DONE]`, an `event: error` with a safe message, `: ping` heartbeats every 15 s by default), with
 * headers that keep caches and proxies from buffering it. The browser reads it back with
 * `Stream.fromSSEResponse(response)`, which raises the error event as a `StreamServerError`, or as a
 * `StreamTruncatedError` for a cut-off stream (whose event has `code: "stream_truncated"`).
 *
 * An `init.errorPayload` that returns `undefined` leaves that error to the default event
 * (`toSafeErrorPayload`, with the stream's request id), silently. One that throws, returns what JSON
 * cannot hold (a BigInt, a cycle), or returns what JSON does not write as an object (`null`, a string, a
 * number, a boolean, an array) is logged with `console.error`, redacted, and the browser gets the default
 * error event instead of a broken connection or an error it cannot read.
 *
 * The body is pull-based: a chunk is read from Groq only when the runtime takes the previous one, so a slow
 * client slows the upstream instead of filling memory. Cancelling the body or aborting `init.signal` aborts
 * the upstream request at once. `init.onCancel` is called once when the body is cancelled before its end (the
 * runtime does that when the browser goes away), with the chunks sent: for a log line, since nothing else
 * says that the answer was cut short. `init.onStall` is called once, the same way, when the body fails because
 * the runtime took no bytes for `init.stallTimeoutMs` (a browser that stopped reading).
 *
 * @throws {@link GroqError} for an option out of range (`heartbeatMs` or `stallTimeoutMs` not from 0 to
 *   2,147,483,647 ms, an `errorPayload`, `onCancel` or `onStall` that is not a function, a `signal` that is not an `AbortSignal`),
 *   before the stream is taken; and the runtime's `TypeError` or `RangeError` for a `status` or header value
 *   that `Response` refuses, before it is taken too.
 *
 * @example
 * ```ts
 * export async function POST(request: Request): Promise<Response> {
 *   const stream = await groq.chat.completions.create({ model, messages, stream: true }, { signal: request.signal });
 *   return createSSEResponse(stream, { signal: request.signal });
 * }
 * ```
 */
export function createSSEResponse(stream: Stream<unknown>, init: SSEResponseInit = {}): Response {
  checkSSEStreamOptions(init, 'createSSEResponse()', sseResponseInitNames);
  const { signal: given, heartbeatMs, errorPayload, stallTimeoutMs, onCancel, onStall, headers: extraHeaders, ...responseInit } = init;
  const signal = given ?? undefined;
  // An outside abort surfaces from the stream as APIUserAbortError; the signal's reason says more (the app's
  // deadline, a shutdown), and pipeStreamToServerResponse describes the abort by it: the same error event.
  // Guarded, so that a mapping that throws gives the default event rather than a broken body.
  // With the upstream request id, which a reason that is not the SDK's error (`AbortSignal.timeout()`) lacks.
  const toPayload = guardErrorPayload(errorPayload, stream.requestId);
  const describe = (error: unknown, sent?: { chunks: number }): SafeErrorPayload => toPayload(signal?.aborted ? signal.reason : error, sent);
  // Taken once the Response exists: a header value or status it refuses (a model name with a non-Latin-1
  // character, a 204) throws the runtime's TypeError with the stream still untaken, as an option out of range
  // does, rather than taken and its upstream left open behind the error.
  let source: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const abortUpstream = (): void => stream.controller.abort(signal?.reason);
  // Stop listening once the stream is over, so a long-lived signal does not collect listeners; and one
  // listener on it for all the responses that share it (a shutdown signal): Node warns past ten.
  let stopListening: (() => void) | undefined;
  const release = (): void => stopListening?.();

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await source!.read();
        } catch (error) {
          // The encoder fails only when the reader stalled (`stallTimeoutMs`): the runtime then drops the connection.
          release();
          throw error;
        }
        const { value, done } = read;
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      async cancel(reason) {
        release();
        // Cancels the SSE encoder, which leaves the chunk iterator and so aborts the upstream request.
        await source?.cancel(reason);
      },
    },
    // Read from the upstream only when the runtime asks for bytes: backpressure reaches Groq.
    { highWaterMark: 0 },
  );

  const headers = new Headers(sseResponseHeaders);
  // Groq's request id, for the browser's developer tools and support requests (never a secret): under a name
  // of its own, and as x-request-id unless `init.headers` sets that (an app's own request id), set below.
  if (stream.requestId !== undefined) {
    headers.set('x-groq-request-id', stream.requestId);
    headers.set('x-request-id', stream.requestId);
  }
  new Headers(extraHeaders).forEach((value, name) => headers.set(name, value));
  const response = new Response(body, { status: 200, ...responseInit, headers });

  source = stream.toSSEReadableStream({ heartbeatMs, errorPayload: describe, stallTimeoutMs, onCancel, onStall }).getReader();
  if (signal?.aborted) abortUpstream();
  else if (signal !== undefined) stopListening = onAbort(signal, abortUpstream);
  return response;
}
