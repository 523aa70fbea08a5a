import { createChunkTranscript, createTestResponse, encodeSSETranscript, eventually } from '@groq-stream/core/test';
import { createMockGroqServer } from '@groq-stream/mock-server';
import { describe, expect, test } from 'vitest';
import { createSSEResponse } from './create-sse-response.js';
import { Groq, Stream, StreamServerError, StreamTruncatedError, type ChatCompletionChunk } from './index.js';
import { chatRequest, collect, readText } from './test/relay-test-kit.js';

const chunks = createChunkTranscript({ chunks: 4, seed: 3 }) as unknown as ChatCompletionChunk[];
// Node's (this file runs in Node only), typed here since the package's types are web-only.
interface NodeProcess {
  getBuiltinModule: (name: string) => unknown;
}
const process = (globalThis as unknown as { process: NodeProcess }).process;
const { getEventListeners } = process.getBuiltinModule('node:events') as { getEventListeners: (target: EventTarget, type: string) => unknown[] };

// The signal's listeners are counted (getEventListeners, hence Node): Node warns (MaxListenersExceededWarning)
// past ten on an AbortSignal in Node 20 only, so a watch for the warning passed in 22 and 24 whatever the
// responses left on it.
describe('createSSEResponse (Node, the listeners of a shared signal)', () => {
  test('twelve responses with one shutdown signal put one abort listener on it, and the shutdown still stops each', async () => {
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
  });
});

describe('createSSEResponse in a route handler, against the mock Groq server', () => {
  test("an errorPayload that gives a type of its own: a cut-off upstream still reads back as StreamTruncatedError", async () => {
    const mock = await createMockGroqServer();
    try {
      const client = new Groq({ apiKey: 'gsk_test_secret', baseURL: mock.url, maxRetries: 0 });
      // A Next.js route handler of the app's own: the mock sends the role chunk and 3 content chunks, then
      // destroys the socket (no finish_reason, no [DONE]).
      const POST = async (request: Request): Promise<Response> => {
        const stream = await client.chat.completions.create(
          { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], stream: true },
          { signal: request.signal, headers: { 'x-mock-scenario': 'drop' } },
        );
        return createSSEResponse(stream, { signal: request.signal, heartbeatMs: 0, errorPayload: () => ({ type: 'answer_lost', message: 'Sorry, the answer was cut.' }) });
      };
      const response = await POST(chatRequest({}));
      const text = await readText(response.clone());
      // The app's type and words, and the kind's code, which the relay adds to a payload without one.
      expect(JSON.parse(text.slice(text.lastIndexOf('event: error\ndata: ') + 'event: error\ndata: '.length))).toEqual({
        error: { type: 'answer_lost', message: 'Sorry, the answer was cut.', code: 'stream_truncated' },
      });
      const { items, error } = await collect(response);
      expect(items).toHaveLength(4);
      expect(error).toBeInstanceOf(StreamTruncatedError);
      expect(error).not.toBeInstanceOf(StreamServerError);
      // The app's words reach the browser's error, as a StreamServerError's do: in its message, and whole as serverMessage.
      expect((error as StreamTruncatedError).serverMessage).toBe('Sorry, the answer was cut.');
      expect((error as Error).message).toMatch(/^The stream this one was passed on from ended before it was complete \(no \[DONE\] and no finish_reason\): Sorry, the answer was cut\. \[request req_\w+\]\. The answer is incomplete; retry the request/);
      // Advice the page can follow: the cut was on the relay's side, where no proxy of the browser's is.
      expect((error as Error).message).toMatch(/; retry the request, and see the relay's logs for why its upstream was cut off\.$/);
      // The rest of the app's payload comes back too: its type, and the kind's code.
      const payload = { type: 'answer_lost', message: 'Sorry, the answer was cut.', code: 'stream_truncated' };
      expect(error).toMatchObject({ error: payload, type: 'answer_lost', code: 'stream_truncated', status: undefined });
      expect(mock.stats().streamsFailed).toBe(1);
    } finally {
      await mock.close();
    }
  });
});

describe('createSSEResponse whose reader stops, against the mock Groq server', () => {
  type Stop = (response: Response, shutdown: AbortController) => Promise<void>;
  const stops: [string, number, Stop][] = [
    ['its body cancelled before the first read', 0, async (response) => response.body!.cancel()],
    ['its body cancelled before the first read, with heartbeats', 15_000, async (response) => response.body!.cancel()],
    [
      'its body cancelled while a read waits for the next token',
      0,
      async (response) => {
        const reader = response.body!.getReader();
        let text = '';
        // The role chunk and three tokens, then the stall.
        while ((text.match(/^data: \{/gm) ?? []).length < 4) text += new TextDecoder().decode((await reader.read()).value);
        const waiting = reader.read();
        await reader.cancel();
        expect((await waiting).done).toBe(true);
      },
    ],
    ['its signal aborted before the first read', 0, async (_, shutdown) => shutdown.abort()],
  ];

  test.each(stops)('%s (heartbeatMs %i) releases the upstream at once', async (_, heartbeatMs, stop) => {
    const mock = await createMockGroqServer();
    try {
      const client = new Groq({ apiKey: 'gsk_test_secret', baseURL: mock.url, maxRetries: 0 });
      // A stall: the mock holds the stream open until the client goes away, so only the release can end it.
      const stream = await client.chat.completions.create(
        { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], stream: true },
        { headers: { 'x-mock-scenario': 'stall' }, streamIdleTimeout: 0 },
      );
      const shutdown = new AbortController();
      await stop(createSSEResponse(stream, { signal: shutdown.signal, heartbeatMs }), shutdown);
      await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
      expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
    } finally {
      await mock.close();
    }
  });
});
