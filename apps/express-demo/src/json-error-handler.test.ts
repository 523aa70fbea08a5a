import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Groq } from '@groq-stream/node';
import express, { type Express } from 'express';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { jsonErrorHandler } from './json-error-handler.js';
import { createApp, createAppServer, defaultModel } from './server.js';

// Express's final handler answers an error with an HTML page holding its stack whenever NODE_ENV is not
// `production` (as under vitest): the demo must answer JSON in the relay's shape instead, whatever NODE_ENV says.

const key = 'gsk_demo_SECRET_9f8e7d6c5b4a3f2e1d0c';
const open: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((server) => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()))));
});

async function serve(app: Express): Promise<string> {
  const server = createAppServer(app);
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function demoApp(prepare: () => never): Express {
  const client = new Groq({ apiKey: key, baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
  return createApp({ client, model: defaultModel, heartbeatMs: 0, prepare });
}

/** The answer as JSON, after checking it holds no stack, no source path and no key. */
async function jsonAnswer(response: Response): Promise<{ error: Record<string, unknown> }> {
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const text = await response.text();
  expect(text).not.toMatch(/\bat .*\(|\.ts:\d|\.js:\d|node_modules|<html|<pre/);
  expect(text).not.toContain(key);
  return JSON.parse(text) as { error: Record<string, unknown> };
}

const post = (url: string, body: string, path = '/api/chat'): Promise<Response> =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const conversation = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] });

describe('the demo app answers errors as JSON, without a stack or the key', () => {
  test('a bug in prepare is a 500 server_error, logged on the server with the key redacted', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await serve(
      demoApp(() => {
        throw new Error(`prepare failed with key ${key}`);
      }),
    );
    const response = await post(url, conversation);
    expect(response.status).toBe(500);
    expect(await jsonAnswer(response)).toEqual({ error: { message: 'The server could not handle the request. Please try again later.', type: 'server_error', code: 'internal_error' } });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(log.mock.calls[0], (_name, value: unknown) => (value instanceof Error ? value.message : value))).not.toContain(key);
  });

  test('an error with a 4xx status from prepare keeps its status, in the relay shape, with the app own words, and is not logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // `status` as http-errors sets it, `statusCode` as older libraries do; the second quotes the key, so the
    // relay passes on a redacted copy, which has to keep the status too.
    const refusals: [number, object][] = [
      [403, { status: 403 }],
      [422, { statusCode: 422 }],
    ];
    for (const [status, fields] of refusals) {
      const url = await serve(
        demoApp(() => {
          throw Object.assign(new Error(`refused for key ${key}`), fields);
        }),
      );
      const response = await post(url, conversation);
      expect(response.status).toBe(status);
      expect(await jsonAnswer(response)).toEqual({
        error: { message: `The request could not be handled (HTTP ${status}). Check its URL, headers and body, and send it again.`, type: 'invalid_request_error', code: 'invalid_request' },
      });
    }
    expect(log).not.toHaveBeenCalled();
  });

  test('a thrown value that is not an error object is a JSON 500, logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await serve(
      demoApp(() => {
        throw `prepare gave up with key ${key}`;
      }),
    );
    const response = await post(url, conversation);
    expect(response.status).toBe(500);
    expect((await jsonAnswer(response)).error).toMatchObject({ type: 'server_error', code: 'internal_error' });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(log.mock.calls[0])).not.toContain(key);
  });

  test('a malformed JSON body and a body too large are the relay own 400 and 413', async () => {
    const url = await serve(demoApp(() => { throw new Error('not reached'); }));
    const malformed = await post(url, '{"messages": [');
    expect(malformed.status).toBe(400);
    expect((await jsonAnswer(malformed)).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    const large = await post(url, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }));
    expect(large.status).toBe(413);
    expect((await jsonAnswer(large)).error).toMatchObject({ type: 'invalid_request_error', code: 'body_too_large' });
  });

  test('errors Express body parsers raise before a handler are JSON in the same shape, with their status', async () => {
    const app = express();
    app.post('/parsed', express.json({ limit: 20 }), (_request, response) => void response.json({ ok: true }));
    app.use(jsonErrorHandler);
    const url = await serve(app);
    const malformed = await post(url, '{"messages": [', '/parsed');
    expect(malformed.status).toBe(400);
    expect((await jsonAnswer(malformed)).error).toEqual({
      message: 'The request body is not valid JSON. Send the conversation as JSON: { "messages": [{ "role": "user", "content": "Hello" }] }.',
      type: 'invalid_request_error',
      code: 'invalid_json',
    });
    const large = await post(url, conversation, '/parsed');
    expect(large.status).toBe(413);
    expect((await jsonAnswer(large)).error).toMatchObject({ type: 'invalid_request_error', code: 'body_too_large' });
  });

  test('headers a failing middleware set for its own body do not describe the JSON answer', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = express();
    app.get('/download', (_request, response, next) => {
      // What a compressing or downloading route sets before it writes, then fails.
      response.setHeader('content-encoding', 'gzip');
      response.setHeader('content-disposition', 'attachment; filename="answer.txt"');
      response.setHeader('content-range', 'bytes 0-99/1000');
      response.setHeader('etag', '"file-etag"');
      next(new Error('the file could not be read'));
    });
    app.use(jsonErrorHandler);
    const url = await serve(app);
    const response = await fetch(`${url}/download`);
    expect(response.status).toBe(500);
    for (const name of ['content-encoding', 'content-disposition', 'content-range']) expect(response.headers.get(name), name).toBeNull();
    expect(response.headers.get('etag')).not.toBe('"file-etag"');
    expect((await jsonAnswer(response)).error).toMatchObject({ type: 'server_error', code: 'internal_error' });
    expect(log).toHaveBeenCalledTimes(1);
  });

  test('an error that throws when read is still a JSON 500, not the page with the stack', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = express();
    // A revoked Proxy throws on any property read, as a getter of a library error may.
    const { proxy, revoke } = Proxy.revocable(new Error(`hidden ${key}`), {});
    revoke();
    app.get('/odd', (_request, _response, next) => next(proxy));
    app.use(jsonErrorHandler);
    const url = await serve(app);
    const response = await fetch(`${url}/odd`);
    expect(response.status).toBe(500);
    expect((await jsonAnswer(response)).error).toMatchObject({ type: 'server_error', code: 'internal_error' });
    expect(log).toHaveBeenCalled();
  });

  test('a path under /api that no route takes is a JSON 404 in the same shape, and the page is still served', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await serve(demoApp(() => { throw new Error('not reached'); }));
    const notFound = { error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' } };
    for (const [method, path] of [['GET', '/api/nope'], ['POST', '/api/nope'], ['GET', '/api'], ['DELETE', '/api/chat/more'], ['GET', '/api/index.html']]) {
      const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? conversation : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await jsonAnswer(response), `${method} ${path}`).toEqual(notFound);
    }
    expect(log).not.toHaveBeenCalled();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<html');
    const styles = await fetch(`${url}/styles.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    await styles.arrayBuffer();
  });

  test('a response already streaming is cut rather than given an error page', async () => {
    const app = express();
    app.get('/half', (_request, response, next) => {
      response.write('partial');
      next(new Error('failed mid-answer'));
    });
    app.use(jsonErrorHandler);
    const url = await serve(app);
    const response = await fetch(`${url}/half`);
    const text = await response.text().catch(() => 'cut');
    expect(text).not.toContain('failed mid-answer');
    expect(text).not.toContain('<html');
  });
});
