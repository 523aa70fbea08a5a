import type * as http from 'node:http';
import { withDirectReader } from '@groq-stream/core';
import { SocketBodyReader } from './socket-body-reader.js';

// A body dropped unread (a `Response` nobody reads) would hold its connection until the server ends the
// answer, which for a stream may be never; fetch lets go of such a body's connection once it is garbage, and
// so does this. The reader, not the body, is what is kept here, so the body itself can be collected.
const droppedBodies = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<SocketBodyReader>((reader) => void reader.cancel());

/**
 * The response body as a web stream that pulls from the socket, with a direct reader for this SDK's stream
 * readers (see `withDirectReader`): both read through one {@link SocketBodyReader}.
 */
export function bodyStream(message: http.IncomingMessage, request: http.ClientRequest, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const reader = new SocketBodyReader(message, request, signal);
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
