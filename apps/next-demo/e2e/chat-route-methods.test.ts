import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNextApp, type TestServer } from './start-server';

// The chat routes of `next start` of the built app answer every method but POST as the Express relay does:
// the handler's JSON 405 with `allow: POST`. Next.js answers a method a route does not export itself, with
// an empty 405, and OPTIONS with a 204, so the routes export the handler for each method Next.js routes.

let mock: MockGroqServer;
let next: TestServer;

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens: 3 });
  next = await startNextApp(mock.url);
});

afterAll(async () => {
  await next?.close();
  await mock?.close();
});

describe.each(['/api/chat', '/api/chat/edge'])('the chat route %s', (path) => {
  test.each(['GET', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'])('answers %s with a JSON 405 that allows POST, and asks Groq nothing', async (method) => {
    mock.resetStats();
    const response = await fetch(new URL(path, next.url), { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'method_not_allowed' } });
    expect(mock.stats().requests).toBe(0);
  });

  test('answers HEAD with the 405 and allow: POST, without a body', async () => {
    const response = await fetch(new URL(path, next.url), { method: 'HEAD' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.text()).toBe('');
  });

  test('still streams an answer to a POST', async () => {
    const response = await fetch(new URL(path, next.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await response.text()).toMatch(/data: \[DONE\]\n\n$/);
  });
});

// Any other path under /api is no page: a program that calls a wrong URL gets a JSON 404 it can read, in the
// relay's shape and with the Express demo's words (its jsonNotFoundHandler), not Next.js's HTML 404 page, which
// would go out without the page's Content-Security-Policy (proxy.ts skips /api/).
describe.each(['/api', '/api/nope', '/api/chats', '/api/chat/nope', '/api/chat/edge/nope'])('the path %s, which no route takes', (path) => {
  test.each(['GET', 'POST', 'OPTIONS', 'DELETE'])('answers %s with a JSON 404, and asks Groq nothing', async (method) => {
    mock.resetStats();
    const response = await fetch(new URL(path, next.url), {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' },
    });
    expect(mock.stats().requests).toBe(0);
  });

  test('answers HEAD with the 404, without a body', async () => {
    const response = await fetch(new URL(path, next.url), { method: 'HEAD' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});
