import { Stream, type ChatCompletion, type ChatCompletionChunk } from '@groq-stream/core';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { expect, test } from 'vitest';

// groq-sdk has no accumulator, so a migrating app merged the chunks itself or with openai's, which the OpenAI
// SDK's users know: finalChatCompletion() must give what openai's ChatCompletionStream gives for the same
// chunks where both read them (content, tool calls in pieces, finish reasons, logprobs), with two choices
// interleaved. Where they differ on purpose (reasoning joined, an empty answer's "" content, usage taken from
// x_groq), the README says so and core's own tests pin it.

type Step = { choice: number; kind: 'content' | 'tool' | 'logprob'; text: string; call: number };

/** A two-choice transcript of `steps`, Groq's role chunks first, usage only in the last chunk's x_groq. */
function transcript(steps: Step[]): object[] {
  const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
  const chunkOf = (index: number, delta: object, finish: string | null = null, logprobs: object | null = null): object => ({
    ...head,
    choices: [{ index, delta, finish_reason: finish, logprobs }],
  });
  const chunks = [0, 1].map((index) => chunkOf(index, { role: 'assistant', content: '' }));
  const started = new Set<string>();
  for (const { choice, kind, text, call } of steps) {
    if (kind === 'content') chunks.push(chunkOf(choice, { content: text }));
    if (kind === 'logprob') chunks.push(chunkOf(choice, { content: text }, null, { content: [{ token: text, logprob: -0.5, bytes: [], top_logprobs: [] }] }));
    if (kind === 'tool') {
      // openai's merge keeps calls in a list by index: a second call starts only after the first.
      const index = started.has(`${choice}:0`) ? call : 0;
      const key = `${choice}:${index}`;
      const piece = started.has(key) ? { index, function: { arguments: text } } : { index, id: `call_${key}`, type: 'function', function: { name: `tool_${index}`, arguments: text } };
      started.add(key);
      chunks.push(chunkOf(choice, { tool_calls: [piece] }));
    }
  }
  chunks.push(chunkOf(0, {}, started.has('0:0') ? 'tool_calls' : 'stop'));
  chunks.push({ ...chunkOf(1, {}, started.has('1:0') ? 'tool_calls' : 'stop'), x_groq: { id: 'req_1', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } } });
  return chunks;
}

/** What both merges read, per choice. */
const merged = (completion: ChatCompletion | { choices: ChatCompletion['choices'] }) =>
  completion.choices.map(({ index, message, finish_reason, logprobs }) => ({
    index,
    content: message.content || null,
    toolCalls: (message.tool_calls ?? []).map(({ id, type, function: { name, arguments: args } }) => ({ id, type, name, args })),
    finish_reason,
    logprobs: logprobs?.content ?? null,
  }));

test("finalChatCompletion() merges 300 random two-choice transcripts as openai's ChatCompletionStream does", async () => {
  let seed = 7;
  const random = (below: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * below);
  const pieces = ['', 'a', 'é', '{"', 'city', '":"', 'Zürich', '"}', ' ', '\n', '🚀'];
  for (let run = 0; run < 300; run++) {
    const steps = Array.from({ length: 1 + random(30) }, (): Step => ({
      choice: random(2),
      kind: (['content', 'tool', 'logprob'] as const)[random(3)]!,
      text: pieces[random(pieces.length)]!,
      call: random(2),
    }));
    const chunks = transcript(steps);
    const sse = new Response(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n');
    const ndjson = new Response(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
    const ours = await Stream.fromSSEResponse<ChatCompletionChunk>(sse).finalChatCompletion();
    const theirs = await ChatCompletionStream.fromReadableStream(ndjson.body!).finalChatCompletion();
    expect(merged(ours)).toEqual(merged(theirs as unknown as ChatCompletion));
    expect(ours.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  }
});
