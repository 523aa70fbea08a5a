import type { Fetch } from './client-options.js';
import { withBody } from './read-response-body.js';

/**
 * `response` as a web `Response`. A `fetch` such as node-fetch's (which groq-sdk reads too) answers with a
 * body that is a Node stream, an async iterable of bytes, rather than a `ReadableStream`: its status, headers,
 * `url` and `redirected` are then put on a `Response` whose body reads that iterable, and cancelling it
 * ends the iteration (which destroys a Node stream, releasing its connection). Any other response, a web one
 * included, is returned as it is.
 */
export function asWebResponse(response: Response): Response {
  const body: unknown = response.body;
  if (body === null || typeof body !== 'object' || typeof (body as ReadableStream).getReader === 'function' || !(Symbol.asyncIterator in body)) return response;
  // A status `new Response()` refuses is left to the checks of a status outside HTTP's range.
  if (!(response.status >= 200 && response.status <= 599)) return response;
  // node-fetch's headers are iterable pairs, which the Response constructor takes as a Headers.
  return withBody(response, readableOf(body as AsyncIterable<unknown>));
}

// One wrapper per fetch, so that what is learnt about a fetch (that it hides redirects) holds for every client given it.
const wrappers = new WeakMap<Fetch, Fetch>();

/** `fetch`, its answers passed through {@link asWebResponse}: node-fetch's too are web `Response`s then. */
export function readingAnyBody(fetch: Fetch): Fetch {
  let wrapper = wrappers.get(fetch);
  if (wrapper === undefined) {
    wrapper = async (input, init) => asWebResponse(await fetch(input, init));
    wrappers.set(fetch, wrapper);
  }
  return wrapper;
}

/**
 * A `ReadableStream` of the bytes `body` yields, read one piece per pull. Cancelling it ends the iteration and
 * destroys a Node stream (whose iterator, not started yet, would not: an unread error body, say).
 */
function readableOf(body: AsyncIterable<unknown> & { destroy?: unknown }): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= body[Symbol.asyncIterator]();
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(bytesOf(value));
      },
      async cancel() {
        try {
          await iterator?.return?.();
        } finally {
          if (typeof body.destroy === 'function') body.destroy();
        }
      },
    },
    { highWaterMark: 0 },
  );
}

function bytesOf(piece: unknown): Uint8Array {
  // A Node Buffer is a Uint8Array: viewed as a plain one, without a copy.
  if (piece instanceof Uint8Array) return new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
  if (piece instanceof ArrayBuffer) return new Uint8Array(piece);
  return new TextEncoder().encode(String(piece));
}
