import { expectTypeOf, test } from 'vitest';
import { createChunkTranscript } from './create-chunk-transcript.js';
import { encodeSSETranscript } from './encode-sse-transcript.js';

test('the transcript is a Uint8Array<ArrayBuffer>, which new Response() and Blob take with the DOM lib', () => {
  const bytes = encodeSSETranscript(createChunkTranscript({ chunks: 3 }));
  expectTypeOf(bytes).toEqualTypeOf<Uint8Array<ArrayBuffer>>();
  void new Response(bytes, { headers: { 'content-type': 'text/event-stream' } });
  void new Blob([bytes]);
});
