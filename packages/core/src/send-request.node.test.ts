import { describe, expect, test } from 'vitest';
import { sendRequest, type SentRequest } from './send-request.js';
import { isCollected } from './test/collect-garbage.node.js';

describe('sendRequest', () => {
  test('what it returns for a stream does not keep the request, its body and headers, while the caller signal still aborts it', async () => {
    const caller = new AbortController();
    // Made in a function of its own, so that this test's frame holds only the WeakRef and what a stream keeps.
    const send = async (): Promise<{ request: WeakRef<object>; sent: SentRequest }> => {
      const request = {
        method: 'POST',
        url: 'http://127.0.0.1:8787/openai/v1/chat/completions',
        path: '/openai/v1/chat/completions',
        headers: new Headers({ authorization: 'Bearer k' }),
        body: JSON.stringify({ messages: [{ role: 'user', content: 'A long conversation. '.repeat(1000) }] }),
        timeout: 60_000,
        maxRetries: 0,
        signal: caller.signal,
        // A body that never ends, as a stream's while it is read.
        fetch: () => Promise.resolve(new Response(new ReadableStream(), { headers: { 'content-type': 'text/event-stream' } })),
      };
      return { request: new WeakRef(request), sent: await sendRequest(request) };
    };
    const { request, sent } = await send();
    sent.clearTimeout();
    expect(await isCollected(request)).toBe(true);
    caller.abort();
    expect(sent.controller.signal.aborted).toBe(true);
    sent.detachSignal();
  });
});
