import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

const base = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'llama-3.3-70b-versatile' } as const;
const hello = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null }] };

/** A stream whose server sent `chunks` and then nothing more, its connection still open (a stall, a slow token). */
function stalledAfter(chunks: unknown[]) {
  const sse = encodeSSETranscript(chunks, { done: false });
  const { response, stats } = createTestResponse(chunks.length === 0 ? [] : [sse], { holdOpen: true });
  return { stream: Stream.fromSSEResponse<ChatCompletionChunk>(response), stats };
}

describe('textDeltas() return()', () => {
  test('while a next() waits for a chunk that does not come, releases the body at once, and that next() ends quietly', async () => {
    const { stream, stats } = stalledAfter([hello]);
    const deltas = stream.textDeltas();
    expect(await deltas.next()).toEqual({ value: 'Hello', done: false });
    const waiting = deltas.next();
    // An async generator queues return() behind the next() in progress: the body stayed open until the next
    // chunk came, or until the idle timeout (a minute by default) for a server that stalls.
    const returned = deltas.return();
    await eventually(() => stats.cancelled);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await returned).toEqual({ value: undefined, done: true });
    expect(stats.cancelCalls).toBe(1);
    expect(await deltas.next()).toEqual({ value: undefined, done: true });
  });

  test('while the first next() waits for the first token, releases the body, and that next() ends quietly: no error for a stream without chunks', async () => {
    const { stream, stats } = stalledAfter([]);
    const deltas = stream.textDeltas();
    const waiting = deltas.next();
    const returned = deltas.return();
    await eventually(() => stats.cancelled);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await returned).toEqual({ value: undefined, done: true });
  });

  test('throw() while a next() waits releases the body at once too, and rejects with its error, as on a generator that has ended', async () => {
    const { stream, stats } = stalledAfter([hello]);
    const deltas = stream.textDeltas();
    await deltas.next();
    const waiting = deltas.next();
    // What Node's pipeline() does to a Readable.from() of it when the response it writes to closes.
    const thrown = deltas.throw(new Error('premature close'));
    await eventually(() => stats.cancelled);
    expect(await waiting).toEqual({ value: undefined, done: true });
    await expect(thrown).rejects.toThrow('premature close');
  });

  test('between chunks (no next() in progress) behaves as before: the loop is left and the body released once', async () => {
    const { stream, stats } = stalledAfter([hello]);
    const deltas = stream.textDeltas();
    await deltas.next();
    expect(await deltas.return()).toEqual({ value: undefined, done: true });
    expect(stats.cancelCalls).toBe(1);
  });

  test('before the first next() reads nothing, as before; the stream can still be read', async () => {
    const { stream } = stalledAfter([hello]);
    const deltas = stream.textDeltas();
    expect(await deltas.return()).toEqual({ value: undefined, done: true });
    const again = stream.textDeltas();
    expect(await again.next()).toEqual({ value: 'Hello', done: false });
    await again.return();
    // Reading once more is refused from the first next(), not when textDeltas() is called.
    const third = stream.textDeltas();
    await expect(third.next()).rejects.toBeInstanceOf(StreamConsumedError);
  });

  test("a hand-built stream's iterator whose return() settles the waiting next() is left at once too, and a failure of its return() reaches return()", async () => {
    let release: ((result: IteratorResult<ChatCompletionChunk>) => void) | undefined;
    let returns = 0;
    const iterator: AsyncIterator<ChatCompletionChunk> = {
      next: () => new Promise((resolve) => (release = resolve)),
      return: async () => {
        returns += 1;
        release?.({ value: undefined, done: true });
        throw new Error('could not close');
      },
    };
    const deltas = new Stream(() => iterator, new AbortController()).textDeltas();
    const waiting = deltas.next();
    await eventually(() => release !== undefined);
    await expect(deltas.return()).rejects.toThrow('could not close');
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(returns).toBe(1);
  });

  test('is still an async generator', () => {
    const { stream } = stalledAfter([hello]);
    const deltas = stream.textDeltas();
    expect(Object.prototype.toString.call(deltas)).toBe('[object AsyncGenerator]');
    expect(deltas[Symbol.asyncIterator]()).toBe(deltas);
    void deltas.return();
  });
});
