import { once } from 'node:events';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createChatStreamMiddleware } from './create-chat-stream-middleware.js';
import { Groq } from './groq.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';

// A browser that stops reading holds the relay back: its writes wait for 'drain', and meanwhile it reads
// nothing more from Groq, whose own writes then wait too. That wait is the browser's, not a silence of
// Groq's: `streamIdleTimeout` must not fail the answer for it (the idle timer counts only while a read waits),
// nor should anything but the relay's own `stallTimeoutMs` end it. (Express bench, 2026-12-06: held streams
// failed mid-answer with "no event for 60000 ms" on an overloaded machine; this rules out the relay's
// backpressure as their cause.)

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
// An answer of megabytes, unpaced: far more than the socket buffers hold, so that the relay waits for the
// browser rather than buffering it all.
const tokens = 20_000;
const idleTimeout = 200;

let mock: MockGroqServer;
let relay: { url: string; close: () => Promise<void> };
/** The relay's response to the browser, to see that it waits for the browser. */
let relayed: http.ServerResponse | undefined;

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens, tokensPerSecond: 0 });
  const client = new Groq({ apiKey, baseURL: mock.url, maxRetries: 0, streamIdleTimeout: idleTimeout });
  const middleware = createChatStreamMiddleware({ client, model, heartbeatMs: 0, maxCompletionTokens: tokens, stallTimeoutMs: 60_000 });
  relay = await listen((request, response) => {
    relayed = response;
    void middleware(request, response);
  });
});

afterAll(async () => {
  await relay?.close();
  await mock?.close();
});

test('a browser that reads nothing for several times streamIdleTimeout still gets the whole answer', async () => {
  const request = http.request(relay.url, { method: 'POST', headers: { 'content-type': 'application/json' } });
  request.end(JSON.stringify({ messages: [{ role: 'user', content: 'Explain quantum computing' }] }));
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  expect(response.statusCode).toBe(200);
  response.pause();
  // Long enough for the buffers between the three to fill, and then five times the idle limit more.
  await sleep(1_500);
  // The relay is held back by the browser (and so reads nothing from the mock), not done with the answer.
  expect(relayed?.writableNeedDrain).toBe(true);
  expect(relayed?.writableEnded).toBe(false);
  response.setEncoding('utf8');
  let text = '';
  for await (const piece of response) text += piece;
  expect(text).not.toContain('event: error');
  expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  expect(text.match(/^data: \{/gm)?.length).toBeGreaterThan(tokens);
});
