import { request as httpRequest } from 'node:http';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parseAllowedHosts } from './create-host-guard.js';
import { start, type RunningDemo } from './server.js';
import { serveDemo } from './test/serve-demo.js';

// The demo spends its owner's key: a request addressed to a name it does not serve (a page that rebound its own
// name to 127.0.0.1) or posted by another site's page is refused before the relay asks Groq anything.

const conversation = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });
let mock: MockGroqServer;
const open: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens: 3, ttftMs: 0 });
});
afterAll(() => mock.close());
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
  mock.resetStats();
});

/** The demo app on a free port of 127.0.0.1; returns the port. */
async function serve(allowedHosts?: string[]): Promise<number> {
  const demo = await serveDemo(mock.url, { allowedHosts });
  open.push(demo);
  return demo.port;
}

/**
 * A request to 127.0.0.1:`port` through node:http, which sends the Host it is given (fetch sends its URL's
 * own, whatever the headers say): `host` defaults to the address and port it connects to. The answer as a
 * web Response.
 */
function send(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string; address?: string } = {}): Promise<Response> {
  const address = init.address ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const headers = { host: `${address}:${port}`, ...init.headers };
    const outgoing = httpRequest({ host: address, port, path, method: init.method ?? 'GET', headers, setHost: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers: responseHeaders }));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** A POST of the conversation to the demo on `port`, with `headers` (a Host of its own among them) over the defaults. */
function postChat(port: number, headers: Record<string, string>, address?: string): Promise<Response> {
  return send(port, '/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: conversation, address });
}

async function expectRefused(response: Response, code: string): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code } });
}

describe('a request addressed to a host the demo does not serve', () => {
  test.each(['evil.example', 'evil.example:{port}', '127.0.0.1.evil.example:{port}', 'localhost.evil.example', 'evil.example@127.0.0.1:{port}', 'localhost.:{port}'])(
    'is refused with a 403 before anything reaches Groq (Host: %s)',
    async (host) => {
      const port = await serve();
      await expectRefused(await postChat(port, { host: host.replace('{port}', String(port)) }), 'host_not_allowed');
      expect(mock.stats().requests).toBe(0);
    },
  );

  test('gets no page either, and the message says how to allow a name', async () => {
    const port = await serve();
    const response = await send(port, '/', { headers: { host: `evil.example:${port}` } });
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toMatch(/ALLOWED_HOSTS/);
  });
});

describe('a request addressed to the demo', () => {
  test.each(['127.0.0.1:{port}', 'localhost:{port}', 'LocalHost:{port}', '[::1]:{port}', 'localhost'])('is answered (Host: %s)', async (host) => {
    const port = await serve();
    const response = await postChat(port, { host: host.replace('{port}', String(port)) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data: [DONE]');
    expect(mock.stats().requests).toBe(1);
  });

  test('is answered under a name the app allows, on any port, or on the port the entry gives', async () => {
    const port = await serve(['demo.example', 'laptop.lan:3000']);
    expect((await postChat(port, { host: `demo.example:${port}` })).status).toBe(200);
    expect((await postChat(port, { host: 'laptop.lan:3000' })).status).toBe(200);
    await expectRefused(await postChat(port, { host: 'laptop.lan:3001' }), 'host_not_allowed');
    expect(mock.stats().requests).toBe(2);
  });
});

describe('a POST from another origin', () => {
  test.each(['http://evil.example', 'http://localhost:1', 'http://127.0.0.1', 'null'])('is refused, though addressed to the demo (Origin: %s)', async (origin) => {
    const port = await serve();
    await expectRefused(await postChat(port, { host: `127.0.0.1:${port}`, origin: origin.replace('{port}', String(port)) }), 'cross_origin_request');
    expect(mock.stats().requests).toBe(0);
  });

  test("from the demo's own page, or from no page (no Origin, as curl), is answered", async () => {
    const port = await serve();
    expect((await postChat(port, { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await postChat(port, {})).status).toBe(200);
    expect(mock.stats().requests).toBe(2);
  });

  test('does not keep another origin from loading the page with GET', async () => {
    const port = await serve();
    const response = await send(port, '/api/nope', { headers: { origin: 'http://evil.example' } });
    // The JSON 404 of the API, not the guard's 403: GET spends nothing, and a browser shows no other origin the answer.
    expect(response.status).toBe(404);
  });
});

describe('ALLOWED_HOSTS', () => {
  test('lists hosts separated by commas or spaces, with or without a port', () => {
    expect(parseAllowedHosts(' demo.example, laptop.lan:3000 [fd00::1]:8080,,')).toEqual(['demo.example', 'laptop.lan:3000', '[fd00::1]:8080']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });

  test.each(['http://demo.example', 'demo.example/chat', 'user@demo.example', '*'])('refuses an entry that is no host (%s), naming it', (entry) => {
    expect(() => parseAllowedHosts(`demo.example,${entry}`)).toThrow(new RegExp(`ALLOWED_HOSTS .*${JSON.stringify(entry).replace(/[.*/]/g, '\\$&')} is not one`));
  });

  test('start() answers the hosts it lists and the address it listens on, and refuses others', async () => {
    // 127.0.0.2 is loopback too on Linux, but not a name the guard always allows: only HOST brings it in.
    const demo: RunningDemo = await start({ PORT: '0', HOST: '127.0.0.2', GROQ_BASE_URL: mock.url, GROQ_API_KEY: 'gsk_demo', ALLOWED_HOSTS: 'demo.example' }, () => undefined);
    open.push(demo);
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const port = Number(new URL(demo.url).port);
    const post = (host: string) => postChat(port, { host }, '127.0.0.2');
    expect((await post(`demo.example:${port}`)).status).toBe(200);
    expect((await post(`127.0.0.2:${port}`)).status).toBe(200);
    await expectRefused(await post(`other.example:${port}`), 'host_not_allowed');
    expect(mock.stats().requests).toBe(2);
  });

  test('start() fails at once on an entry that is no host', async () => {
    const error = await start({ PORT: '0', ALLOWED_HOSTS: 'https://demo.example' }, () => undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^ALLOWED_HOSTS must list host names/);
  });
});
