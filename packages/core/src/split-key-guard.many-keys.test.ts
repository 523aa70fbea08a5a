import { expect, test } from 'vitest';
import { rememberRequestSecret, rememberSecret } from './redact-secrets.js';
import { Stream } from './stream.js';
import { createRandom } from './test/create-random.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// In a file of its own: remembered secrets are module-wide, and these would slow every other test of the guard.
// A relay for many tenants: 100 clients' keys and 100 credentials sent in request headers. The guard follows
// none of them (it follows a Groq key's shape), so however many there are, they change nothing it holds.
const random = createRandom(41);
const alphanumeric = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const clientKeys = Array.from({ length: 100 }, () => `gsk_${random.chars(alphanumeric, 52)}`);
const headerKeys = Array.from({ length: 100 }, () => `sk-${random.chars(alphanumeric, 40)}`);
for (const key of clientKeys) rememberSecret(key);
for (const key of headerKeys) rememberRequestSecret(key);

const chunkOf = (content: string | undefined, finish: 'stop' | null = null): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'llama-3.3-70b-versatile',
  choices: [{ index: 0, delta: content === undefined ? {} : { content }, logprobs: null, finish_reason: finish }],
});

async function relayed(pieces: string[]): Promise<ChatCompletionChunk[]> {
  const items = [...pieces.map((piece) => chunkOf(piece)), chunkOf(undefined, 'stop')];
  const stream = new Stream(() => items[Symbol.iterator]() as unknown as AsyncIterator<ChatCompletionChunk>, new AbortController());
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(new Response(stream.toSSEReadableStream({ heartbeatMs: 0 })))) chunks.push(chunk);
  return chunks;
}
const joined = (chunks: ChatCompletionChunk[]): string => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

test('with 200 credentials remembered, a Groq key split over chunks is redacted', async () => {
  const key = clientKeys[57]!;
  const chunks = await relayed([`here: ${key.slice(0, 9)}`, key.slice(9, 20), `${key.slice(20)} done`]);
  expect(joined(chunks)).toBe('here: [redacted] done');
  expect(JSON.stringify(chunks)).not.toContain(key.slice(9, 20));
});

test('with 200 credentials remembered, an answer that begins one of them passes chunk for chunk, unchanged', async () => {
  // Each piece ends in a remembered credential's first characters, in one of the forms the redaction knows.
  const pieces = ['The model streams ', `${headerKeys[3]!.slice(0, 14)}`, ' and ', `${btoa(clientKeys[8]!).slice(0, 20)}`, ' and ', `${clientKeys[5]!.slice(4, 20)}`, '.'];
  const chunks = await relayed(pieces);
  expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual([...pieces, undefined]);
});
