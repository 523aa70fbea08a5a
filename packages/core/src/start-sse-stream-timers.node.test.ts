import { stat } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { splitBytes } from './test/split-bytes.js';

describe("toSSEReadableStream()'s stall clock (Node)", () => {
  test('a read that came while this process was held up past stallTimeoutMs is taken before the clock fails the stream', async () => {
    // Node runs due timers before the I/O that came meanwhile, so after a long synchronous task or a GC pause
    // the stall clock would fire ahead of a reader's request already waiting. Modelled: a file's stat (one
    // call to the thread pool), whose completion stands for the reader's socket draining, finishes while this
    // process is held up twice the limit; its callback then reads.
    const { response } = createTestResponse(splitBytes(encodeSSETranscript(createChunkTranscript({ chunks: 20 })), 100), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 300 }).getReader();
    try {
      expect((await reader.read()).done).toBe(false);
      const read = new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => stat(fileURLToPath(import.meta.url), () => reader.read().then(resolve, reject)));
      holdUp(600);
      expect((await read).done).toBe(false);
      expect(stream.controller.signal.aborted).toBe(false);
    } finally {
      await reader.cancel();
    }
  });
});

/** Blocks this process for `ms`, as a long synchronous task or a GC pause would. */
function holdUp(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

