import { request as httpRequest } from 'node:http';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startNextApp, type TestServer } from './start-server';

// `next start` of the built app spends its owner's key: a request addressed to a name the demo does not serve
// (a hostile page that rebound its own name to 127.0.0.1), or posted by another site's page, gets a JSON 403
// before either chat route asks Groq anything (lib/refuse-foreign-request.ts), and so does a page.

const conversation = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });
let mock: MockGroqServer;
let next: TestServer;
let nextWithAllowedHosts: TestServer;

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens: 3, ttftMs: 0 });
  [next, nextWithAllowedHosts] = await Promise.all([startNextApp(mock.url), startNextApp(mock.url, { ALLOWED_HOSTS: 'demo.example' })]);
});
afterAll(async () => {
  await next?.close();
  await nextWithAllowedHosts?.close();
  await mock?.close();
});
beforeEach(() => mock.resetStats());

/** `server`'s port, which every Host header below names. */
const portOf = (server: TestServer): number => Number(new URL(server.url).port);

/**
 * A request to `server` through node:http, which sends the Host it is given (fetch sends its URL's own,
 * whatever the headers say). The answer as a web Response, read to the end.
 */
function send(server: TestServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port: portOf(server), path, method: init.method ?? 'GET', headers: init.headers, setHost: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers }));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

const postChat = (server: TestServer, path: string, headers: Record<string, string>): Promise<Response> =>
  send(server, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: conversation });

async function expectRefused(response: Response, code: string): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code } });
}

describe.each(['/api/chat', '/api/chat/edge'])('the chat route %s', (path) => {
  test('refuses a POST addressed to another host name, and asks Groq nothing', async () => {
    const port = portOf(next);
    await expectRefused(await postChat(next, path, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` }), 'host_not_allowed');
    await expectRefused(await postChat(next, path, { host: 'evil.example' }), 'host_not_allowed');
    expect(mock.stats().requests).toBe(0);
  });

  test('refuses a POST from another origin, and asks Groq nothing', async () => {
    await expectRefused(await postChat(next, path, { host: `127.0.0.1:${portOf(next)}`, origin: 'http://evil.example' }), 'cross_origin_request');
    expect(mock.stats().requests).toBe(0);
  });

  test.each(['localhost', '127.0.0.1', '[::1]'])("streams an answer to a POST addressed to %s from the demo's own page", async (name) => {
    const host = `${name}:${portOf(next)}`;
    const response = await postChat(next, path, { host, origin: `http://${host}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data: [DONE]');
    expect(mock.stats().requests).toBe(1);
  });

  test('streams an answer under a name ALLOWED_HOSTS lists', async () => {
    const host = `demo.example:${portOf(nextWithAllowedHosts)}`;
    const response = await postChat(nextWithAllowedHosts, path, { host, origin: `http://${host}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data: [DONE]');
    await expectRefused(await postChat(nextWithAllowedHosts, path, { host: `other.example:${portOf(nextWithAllowedHosts)}` }), 'host_not_allowed');
    expect(mock.stats().requests).toBe(1);
  });
});

test('the page, and any other path under /api, are refused under another host name too', async () => {
  const host = `evil.example:${portOf(next)}`;
  await expectRefused(await send(next, '/', { headers: { host } }), 'host_not_allowed');
  await expectRefused(await send(next, '/api/nope', { method: 'POST', headers: { host } }), 'host_not_allowed');
  const page = await send(next, '/', { headers: { host: `localhost:${portOf(next)}` } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
});
