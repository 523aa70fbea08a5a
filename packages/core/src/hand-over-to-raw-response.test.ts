import { describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { countedSignal } from './test/counted-signal.js';
import { createTestBody } from './test/create-test-body.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const headers = { 'content-type': 'text/event-stream', 'x-request-id': 'req_01raw' };

/** A streamed call whose upstream sends five chunks and holds its connection open, read raw: `asResponse()`. */
async function rawHeldOpen() {
  const { body, stats } = createTestBody([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
  const { controller, open } = countedSignal();
  const raw = await new Groq({ apiKey: 'k', fetch: () => Promise.resolve(new Response(body, { headers })) }).chat.completions
    .create({ model, messages, stream: true }, { signal: controller.signal })
    .asResponse();
  return { raw, stats, controller, open };
}

describe('asResponse() of a stream', () => {
  test('cancelling the raw body part way cancels the upstream body at once and lets go of the caller signal', async () => {
    const { raw, stats, open } = await rawHeldOpen();
    const reader = raw.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(open.size).toBe(1); // while the body is read, the caller signal still aborts it
    const reason = new Error('the reader left');
    await reader.cancel(reason);
    expect([stats.cancelCalls, stats.cancelReason]).toEqual([1, reason]);
    expect(open.size).toBe(0);
  });

  test("the caller signal aborting while the raw body is read fails the read with its reason and cancels the upstream body, also with a fetch that ignores its signal (as this one does)", async () => {
    const { raw, stats, controller, open } = await rawHeldOpen();
    const reader = raw.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // The upstream holds the connection open: only the abort can end this read.
    const waiting = reader.read();
    const reason = new Error('user pressed stop');
    controller.abort(reason);
    // An error, as fetch gives its own body's reader: an end would read as the whole answer.
    await expect(waiting).rejects.toBe(reason);
    expect(stats.cancelCalls).toBe(1);
    expect(open.size).toBe(0);
  });

  test('the caller signal aborted before asResponse() is called: the raw body fails with its reason, rather than ending as if empty', async () => {
    const { body, stats } = createTestBody([encodeSSETranscript(createChunkTranscript({ chunks: 5 }), { done: false })], { holdOpen: true });
    const controller = new AbortController();
    const request = new Groq({ apiKey: 'k', fetch: () => Promise.resolve(new Response(body, { headers })) }).chat.completions.create(
      { model, messages, stream: true },
      { signal: controller.signal },
    );
    await request;
    const reason = new Error('user pressed stop');
    controller.abort(reason);
    const raw = await request.asResponse();
    await expect(raw.text()).rejects.toBe(reason);
    expect(stats.cancelCalls).toBe(1);
  });

  test('a raw body that breaks hands its reader the error and lets go of the caller signal', async () => {
    const broken = new TypeError('terminated');
    const { body } = createTestBody(['data: {"choices":[]}\n\n'], { breakWith: broken });
    const { controller, open } = countedSignal();
    const raw = await new Groq({ apiKey: 'k', fetch: () => Promise.resolve(new Response(body, { headers })) }).chat.completions
      .create({ model, messages, stream: true }, { signal: controller.signal })
      .asResponse();
    const error = await raw.text().catch((caught: unknown) => caught);
    expect(error).toBe(broken);
    expect(open.size).toBe(0);
  });

  test('a raw response with no body lets go of the caller signal at once: there is nothing left to read', async () => {
    const { controller, open } = countedSignal();
    const raw = await new Groq({ apiKey: 'k', fetch: () => Promise.resolve(new Response(null, { headers })) }).chat.completions
      .create({ model, messages, stream: true }, { signal: controller.signal })
      .asResponse();
    expect(raw.body).toBe(null);
    expect(open.size).toBe(0);
  });
});
