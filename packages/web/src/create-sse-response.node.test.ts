import { createChunkTranscript, createTestResponse, encodeSSETranscript, watchWarnings } from '@groq-stream/core/test';
import { describe, expect, test } from 'vitest';
import { createSSEResponse } from './create-sse-response.js';
import { Stream, type ChatCompletionChunk } from './index.js';
import { readText } from './test/relay-test-kit.js';

const chunks = createChunkTranscript({ chunks: 4, seed: 3 }) as unknown as ChatCompletionChunk[];
// Node's (this file runs in Node only), typed here since the package's types are web-only.
interface NodeProcess {
  getBuiltinModule: (name: string) => unknown;
}
const process = (globalThis as unknown as { process: NodeProcess }).process;
const { getEventListeners } = process.getBuiltinModule('node:events') as { getEventListeners: (target: EventTarget, type: string) => unknown[] };

describe('createSSEResponse (Node, MaxListenersExceededWarning)', () => {
  test('twelve responses with one shutdown signal put one abort listener on it, and the shutdown still stops each', async () => {
    const warnings = watchWarnings();
    try {
      const shutdown = new AbortController();
      const respond = (holdOpen: boolean) => {
        const { response } = createTestResponse([encodeSSETranscript(chunks, { done: !holdOpen })], { holdOpen });
        return createSSEResponse(Stream.fromSSEResponse<ChatCompletionChunk>(response), { signal: shutdown.signal, heartbeatMs: 0 });
      };
      // Read to the end, each response lets go of the signal.
      for (const text of await Promise.all(Array.from({ length: 12 }, () => readText(respond(false))))) expect(text).toContain('data: [DONE]');
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);

      const texts = Array.from({ length: 12 }, () => readText(respond(true)));
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
      shutdown.abort(new Error('server shutting down'));
      for (const text of await Promise.all(texts)) expect(text).toMatch(/event: error\n[^\n]*\n\n$/);
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
      expect(await warnings.reported('MaxListenersExceededWarning')).toEqual([]);
    } finally {
      warnings.stop();
    }
  });
});
