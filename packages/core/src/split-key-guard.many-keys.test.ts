import { expect, test } from 'vitest';
import { rememberRequestSecret, rememberSecret } from './redact-secrets.js';
import { Stream } from './stream.js';
import { createRandom } from './test/create-random.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// In a file of its own: remembered secrets are module-wide, and these would slow every other test of the guard.
// A relay for many tenants: 100 clients' keys and 100 credentials sent in request headers, which the guard
// looks up by their first character (walking all of them at each position cost 110 µs per chunk of the mock's).
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

test.each([
  ['a client key', clientKeys[57]!],
  ['a header credential', headerKeys[83]!],
  ['a header credential without its prefix', headerKeys[12]!.slice(3)],
])('with 200 credentials remembered, %s split over chunks is redacted', async (_, key) => {
  const chunks = await relayed([`here: ${key.slice(0, 9)}`, key.slice(9, 20), `${key.slice(20)} done`]);
  expect(joined(chunks)).toMatch(/^here: (sk-)?\[redacted\] done$/);
  expect(JSON.stringify(chunks)).not.toContain(key.slice(9, 20));
});

test('with 200 credentials remembered, an answer without one passes chunk for chunk, unchanged', async () => {
  const pieces = ['The model streams ', 'a long piece of text, ', 'gsk is public, ', 'sk-', 'proj', ' and keys start with ', 'letters like ', `${clientKeys[3]!.slice(0, 3)}.`];
  const chunks = await relayed(pieces);
  expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual([...pieces, undefined]);
});
