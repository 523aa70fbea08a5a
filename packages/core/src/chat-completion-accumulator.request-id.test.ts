import { describe, expect, test } from 'vitest';
import { ChatCompletionAccumulator } from './chat-completion-accumulator.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

const base = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'llama-3.3-70b-versatile', system_fingerprint: 'fp_1' } as const;
const usage = { queue_time: 0.01, prompt_tokens: 10, prompt_time: 0.002, completion_tokens: 2, completion_time: 0.02, total_tokens: 12, total_time: 0.022 };
const groqId = 'req_01k88s37gyfaqa5ckqj4t7mrg8';
// A Groq answer as Groq streams it: the request id in the first chunk's and the last chunk's `x_groq`.
const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], x_groq: { id: groqId, seed: 7 } },
  { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], x_groq: { id: groqId, usage }, usage },
];

describe("finalChatCompletion's x_groq.id", () => {
  test("is the chunks' own, not the id of an x-request-id header that a proxy or gateway in between set", async () => {
    const { response } = createTestResponse([encodeSSETranscript(chunks)], { headers: { 'x-request-id': '6c4f1f0e-8f4e-4a57-9a43-3e1b5a0d2b11' } });
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response);
    const completion = await stream.finalChatCompletion();
    // What a whole answer through the same proxy carries: Groq's id, in its body.
    expect(completion.x_groq).toEqual({ id: groqId, seed: 7 });
    // The header's id still names the request (in errors), as the stream says.
    expect(stream.requestId).toBe('6c4f1f0e-8f4e-4a57-9a43-3e1b5a0d2b11');
  });

  test('is the request id the accumulator was given when no chunk carries one (an OpenAI-compatible server)', () => {
    const accumulator = new ChatCompletionAccumulator('req_5');
    for (const chunk of chunks) {
      const { x_groq: _, ...plain } = chunk as { x_groq?: unknown };
      accumulator.add(plain as ChatCompletionChunk);
    }
    expect(accumulator.toChatCompletion().x_groq).toEqual({ id: 'req_5' });
  });

  test('errors still name the request the accumulator was given', () => {
    const accumulator = new ChatCompletionAccumulator('req_5');
    accumulator.add(chunks[0] as ChatCompletionChunk);
    const bad = { ...base, choices: [{ index: 0, delta: { content: 7 }, finish_reason: null }], x_groq: { id: groqId } };
    let error: unknown;
    try {
      accumulator.add(bad as unknown as ChatCompletionChunk);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as StreamInvalidDataError).requestId).toBe('req_5');
  });
});
