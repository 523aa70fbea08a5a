/** A response whose body notes when each of its reads brought bytes, from {@link timeReads}. */
export interface TimedResponse {
  /** The same answer, to read as the original would have been (`Stream.fromSSEResponse`). */
  response: Response;
  /**
   * When the latest read of the body brought bytes (`now()` then), or undefined before the first: what came in
   * that read arrived together, however long the page then takes over each token in it.
   */
  lastReadAt(): number | undefined;
}

/**
 * `response` with its body read through a stream that notes the time of each read from the network. A token's
 * arrival is the time of the read that brought it, not the time the page got to it: all the tokens of one read
 * (an answer a proxy buffered, a connection that caught up) came at once. Nothing is read ahead: the stream reads
 * when its reader asks, so the latest read is the one the token being handled came in. A copy of the Next.js
 * page's (apps/next-demo/lib/time-reads.ts), which timed 10,000 tokens of one read one by one, as React took them,
 * and said 20070.3 tokens/s on a slowed CPU.
 */
export function timeReads(response: Response, now: () => number): TimedResponse {
  const source = response.body;
  // No body (a 204): nothing to time, and a Response of that status may not be given one.
  if (source === null) return { response, lastReadAt: () => undefined };
  const reader = source.getReader();
  let readAt: number | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        readAt = now();
        controller.enqueue(value);
      },
      // Stop, or the end of the answer: the fetch's own body is let go, and with it the connection.
      cancel: (reason) => reader.cancel(reason),
    },
    // No read ahead: a chunk is read from the network only when asked for.
    { highWaterMark: 0 },
  );
  const timed = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Errors name the request by the response's URL, which a Response made here has not.
  Object.defineProperty(timed, 'url', { value: response.url });
  return { response: timed, lastReadAt: () => readAt };
}
