import { describe, expectTypeOf, test } from 'vitest';
import type { Stream } from './stream.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

declare const stream: Stream<ChatCompletionChunk>;

describe('the byte streams a Stream makes', () => {
  test('hold Uint8Array<ArrayBuffer>: Blob, crypto.subtle and CompressionStream take their chunks, as they take groq-sdk’s', async () => {
    expectTypeOf(stream.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array<ArrayBuffer>>>();
    expectTypeOf(stream.toSSEReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array<ArrayBuffer>>>();
    // groq-sdk's toReadableStream() is a ReadableStream of `any`, so code piping it on compiled there.
    stream.toSSEReadableStream().pipeThrough(new CompressionStream('gzip'));
    stream.toReadableStream().pipeThrough(new CompressionStream('gzip'));
    const { value } = await stream.toReadableStream().getReader().read();
    if (value !== undefined) {
      void new Blob([value]);
      void crypto.subtle.digest('SHA-256', value);
    }
  });
});
