import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// An answer whose legitimate data has the names and words that the redaction of error messages takes for
// credentials (`token`, `password: …`, `Authorization: Bearer …`, `api_key`), and usage's `*_tokens`. What
// relays send a browser and what a reader gets must be redacted by value only (a client's key, a Groq key's
// shape), never by name: each of these must arrive exactly as the server sent it.
const [first, , last] = createChunkTranscript({ chunks: 3, seed: 11 }) as unknown as ChatCompletionChunk[];
const logprob = (token: string, value: number) => ({ token, logprob: value, bytes: [...new TextEncoder().encode(token)] });
const choice = (delta: object, logprobs: object | null = null) => ({ index: 0, delta, logprobs, finish_reason: null });
const content = 'Send Authorization: Bearer <your-token-here>, not password: hunter2';
const toolArguments = ['{"token": "tok_live_abcdef123456", ', '"api_key": "sk-other-1234567890", "secret": "s3cr3t-value"}'];
const answerWithCredentialWords: ChatCompletionChunk[] = [
  first!,
  {
    ...first!,
    x_groq: undefined,
    choices: [choice({ content }, { content: [{ ...logprob('token', -0.01), top_logprobs: [logprob('token', -0.01), logprob('Token', -4.2)] }, { ...logprob('password', -0.2), top_logprobs: [] }] })],
  },
  ...toolArguments.map((piece, index) => ({
    ...first!,
    x_groq: undefined,
    choices: [choice({ tool_calls: [{ index: 0, ...(index === 0 ? { id: 'call_1', type: 'function' as const } : {}), function: { ...(index === 0 ? { name: 'login' } : {}), arguments: piece } }] })],
  })),
  last!,
].map((chunk) => JSON.parse(JSON.stringify(chunk)) as ChatCompletionChunk);
const transcript = new TextDecoder().decode(encodeSSETranscript(answerWithCredentialWords));
const response = () => new Response(transcript, { headers: { 'content-type': 'text/event-stream' } });

describe('answer data that names tokens, secrets and passwords', () => {
  test('the transcript has what the redaction of messages would rewrite', () => {
    expect(last!.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
    expect(transcript).toContain('"token":"token"');
    expect(transcript).toContain('password: hunter2');
  });

  test('for await yields every chunk as sent', async () => {
    const items: ChatCompletionChunk[] = [];
    for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response())) items.push(chunk);
    expect(items).toEqual(answerWithCredentialWords);
  });

  test('toSSEReadableStream() and sseDataFrames() write the bytes that came', async () => {
    expect(await new Response(Stream.fromSSEResponse(response()).toSSEReadableStream({ heartbeatMs: 0 })).text()).toBe(transcript);
    const frames: string[] = [];
    for await (const { frame } of Stream.fromSSEResponse(response()).sseDataFrames()) frames.push(frame);
    expect(`${frames.join('')}data: [DONE]\n\n`).toBe(transcript);
  });

  test('toReadableStream() writes each chunk as sent', async () => {
    const lines = (await new Response(Stream.fromSSEResponse(response()).toReadableStream()).text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(answerWithCredentialWords);
  });

  test('finalChatCompletion() joins the content, the arguments and the logprobs as sent, with the usage', async () => {
    const completion = await Stream.fromSSEResponse<ChatCompletionChunk>(response()).finalChatCompletion();
    const [answer] = completion.choices;
    expect(answer?.message.content).toBe(content);
    expect(answer?.message.tool_calls?.[0]?.function.arguments).toBe(toolArguments.join(''));
    expect(answer?.logprobs).toEqual(answerWithCredentialWords[1]!.choices[0]!.logprobs);
    expect(completion.usage).toEqual(last!.usage);
  });
});
