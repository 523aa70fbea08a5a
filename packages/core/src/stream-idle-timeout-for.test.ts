import { expect, test } from 'vitest';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import type { RequestOptions } from './client-options.js';
import { Groq } from './groq.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const firstChunk = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`;

/** A fetch whose streams send one chunk and then go silent until the request is aborted. */
const stalling = async (_url: string, init: RequestInit) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(firstChunk));
        init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );

/** The idle limit that ended a stalled stream, read from its error. */
async function idleLimitOf(client: Groq, options: RequestOptions): Promise<number> {
  const stream = await client.chat.completions.create({ model, messages, stream: true }, options);
  try {
    for await (const _ of stream);
  } catch (error) {
    if (error instanceof StreamIdleTimeoutError) return error.idleTimeout;
    throw error;
  }
  throw new Error('the stalled stream ended quietly');
}

// `client.withOptions({ timeout })` gave the idle limit that `timeout` while `create(params, { timeout })`
// kept the client's 60 s: the same option meant two things depending on where it was set.
test("a request's own timeout is its stream's idle limit too while the client's follows its timeout", async () => {
  const client = new Groq({ apiKey: 'k', fetch: stalling, timeout: 400, maxRetries: 0 });
  expect(await idleLimitOf(client, { timeout: 40 })).toBe(40);
  expect(await idleLimitOf(client.withOptions({ timeout: 40 }), {})).toBe(40);
  expect(await idleLimitOf(client, { timeout: 300, streamIdleTimeout: 30 })).toBe(30);
});

test('a streamIdleTimeout set on the client is kept whatever timeout a request sets', async () => {
  const client = new Groq({ apiKey: 'k', fetch: stalling, timeout: 400, streamIdleTimeout: 30, maxRetries: 0 });
  expect(await idleLimitOf(client, { timeout: 300 })).toBe(30);
  expect(await idleLimitOf(client.withOptions({ timeout: 300 }), {})).toBe(30);
});
