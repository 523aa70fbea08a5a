import { describe, expect, test } from 'vitest';
import { RateLimitError } from './errors/rate-limit-error.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const completion = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: 'stop' }] };

/**
 * A fetch whose answers are shaped like node-fetch's, which groq-sdk reads: a body that is an async iterable of
 * bytes with a `destroy()` (a Node stream there), not a web `ReadableStream`, and headers of a class of its
 * own. Answers `answers` in turn (the last one again); `destroyed` counts the bodies destroyed.
 */
function nodeFetchLike(...answers: Array<{ status: number; headers: Record<string, string>; pieces: Uint8Array[] }>): Fetch & { destroyed: number } {
  const counts = { calls: 0, destroyed: 0 };
  const fetch: Fetch = async () => {
    const { status, headers, pieces } = answers[Math.min(counts.calls++, answers.length - 1)]!;
    const entries = Object.entries(headers);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: '',
      url: 'http://127.0.0.1:9/openai/v1/chat/completions',
      redirected: false,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null, [Symbol.iterator]: () => entries[Symbol.iterator]() },
      body: {
        async *[Symbol.asyncIterator]() {
          yield* pieces;
        },
        destroy: () => counts.destroyed++,
      },
    } as unknown as Response;
  };
  return Object.defineProperty(fetch, 'destroyed', { get: () => counts.destroyed }) as Fetch & { destroyed: number };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a fetch whose body is an async iterable of bytes (node-fetch), read as groq-sdk reads it', () => {
  test('a streamed answer', async () => {
    const transcript = encodeSSETranscript(createChunkTranscript({ chunks: 3 }));
    const fetch = nodeFetchLike({ status: 200, headers: { 'content-type': 'text/event-stream' }, pieces: [transcript.slice(0, 7), transcript.slice(7)] });
    const stream = await new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
  });

  test('a non-streamed answer, and an error body', async () => {
    const fetch = nodeFetchLike({ status: 200, headers: { 'content-type': 'application/json' }, pieces: [bytes(JSON.stringify(completion))] });
    expect(await new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages })).toEqual(completion);
    const limited = nodeFetchLike({ status: 429, headers: { 'content-type': 'application/json' }, pieces: [bytes('{"error":{"message":"Slow down"}}')] });
    const error = await new Groq({ apiKey: 'k', fetch: limited, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, error: { error: { message: 'Slow down' } } });
  });

  test('Stream.fromSSEResponse() of such a response', async () => {
    const transcript = encodeSSETranscript(createChunkTranscript({ chunks: 3 }));
    const response = await nodeFetchLike({ status: 200, headers: { 'content-type': 'text/event-stream' }, pieces: [transcript] })('', {});
    const chunks = [];
    for await (const chunk of Stream.fromSSEResponse(response)) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
  });

  test('break lets go of the body', async () => {
    const transcript = encodeSSETranscript(createChunkTranscript({ chunks: 50 }));
    const pieces = Array.from({ length: 50 }, (_, index) => transcript.slice((index * transcript.length) / 50, ((index + 1) * transcript.length) / 50));
    const fetch = nodeFetchLike({ status: 200, headers: { 'content-type': 'text/event-stream' }, pieces });
    const stream = await new Groq({ apiKey: 'k', fetch }).chat.completions.create({ model, messages, stream: true });
    for await (const _chunk of stream) break;
    await eventually(() => fetch.destroyed === 1);
  });

  test('a retried answer lets go of its unread body', async () => {
    const fetch = nodeFetchLike(
      { status: 503, headers: { 'content-type': 'application/json', 'retry-after-ms': '0' }, pieces: [bytes('{"error":{"message":"Busy"}}')] },
      { status: 200, headers: { 'content-type': 'application/json' }, pieces: [bytes(JSON.stringify(completion))] },
    );
    expect(await new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages })).toEqual(completion);
    expect(fetch.destroyed).toBe(1);
  });
});
