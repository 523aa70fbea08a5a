import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import { isCollected } from './test/collect-garbage.node.js';

describe('tee() (Node, garbage collection)', () => {
  test('a branch dropped without ever being read leaves once it is garbage, so the other leaving releases the connection', async () => {
    const { response, stats } = createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    // In a scope of its own, so that nothing here keeps the unread branch.
    const { kept, dropped } = (() => {
      const [left, right] = Stream.fromSSEResponse(response).tee();
      return { kept: left, dropped: new WeakRef(right) };
    })();
    for await (const _ of kept) break;
    // The unread branch has not left yet: its chunks are still coming.
    expect(stats.cancelled).toBe(false);
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => stats.cancelled);
  });
});
