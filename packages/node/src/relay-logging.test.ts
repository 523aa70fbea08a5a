import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordingLogger } from '@groq-stream/core/test';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi, type MockInstance } from 'vitest';
import { Groq } from './groq.js';
import { createChatStreamMiddleware, type ChatRelayOptions, type Logger, type LogLevel } from './index.js';
import { eventually, listen } from './pipe-stream-to-server-response.test-helpers.js';

// The relay's lines about a request go to the logger of the client it resolved for that request, at that
// client's logLevel; only a request that has no client yet logs to console.

const apiKey = 'gsk_logging_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const conversation = { messages: [{ role: 'user', content: 'Explain quantum computing' }] };
const midStreamError = { requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'mid-stream-error' } } };
const buggy = () => {
  throw new Error(`prompt store failed for ${apiKey}`);
};
let mock: MockGroqServer;
const servers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  // Only this key is accepted: a client with another one is refused (401).
  mock = await createMockGroqServer({ apiKeys: [apiKey] });
});
afterAll(() => mock.close());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A logger that keeps each call as `[level, ...arguments]`. */
/** A client of the mock that logs to `logger` at `logLevel`; `refused` gives it a key the mock refuses. */
function loggedClient(logger: Logger, logLevel: LogLevel = 'warn', refused = false): Groq {
  return new Groq({ apiKey: refused ? 'gsk_refused_key_for_this_mock_0123' : apiKey, baseURL: mock.url, logger, logLevel });
}

/** Posts a conversation to the middleware on a plain node:http server (no `next`), and reads the answer. */
async function relay(options: ChatRelayOptions): Promise<number> {
  const middleware = createChatStreamMiddleware({ heartbeatMs: 0, ...options });
  const handled: Promise<void>[] = [];
  const server = await listen((request, response) => void handled.push(middleware(request, response)));
  servers.push(server);
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
  await response.text();
  // The browser may have the whole answer before the relay's loop ends: what it logs is written by then.
  await Promise.all(handled);
  return response.status;
}

/** Runs `body` with console.warn and console.error silenced and recorded. */
async function withConsole(body: (console: { warn: MockInstance; error: MockInstance }) => Promise<void>): Promise<void> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await body({ warn, error });
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
}

describe('createChatStreamMiddleware: log lines go where the client logs', () => {
  test('a refused key, a failure mid-stream and a bug in prepare are written to the client logger, redacted, not to console', async () => {
    await withConsole(async (console) => {
      const logger = recordingLogger();
      expect(await relay({ client: loggedClient(logger, 'warn', true), model })).toBe(401);
      expect(await relay({ client: loggedClient(logger), model, ...midStreamError })).toBe(200);
      await eventually(() => logger.calls.length === 2);
      expect(await relay({ client: loggedClient(logger), model, prepare: buggy })).toBe(500);
      expect(logger.calls.map(([level, line]) => [level, String(line).replace(/\)\. .*/s, ').').replace(/after \d+ ms/, 'after T ms')])).toEqual([
        ['warn', '[groq-stream] createChatStreamMiddleware: the chat request failed upstream after T ms (the browser got 401).'],
        ['warn', '[groq-stream] createChatStreamMiddleware: the answer failed mid-stream after T ms (the browser got an error event after 4 chunks).'],
        ['error', '[groq-stream] createChatStreamMiddleware: the chat request failed before streaming, in the client or prepare option, after T ms: prompt store failed for [redacted]'],
      ]);
      expect((logger.calls[2]![2] as Error).message).toBe('prompt store failed for [redacted]');
      expect(JSON.stringify(logger.calls.map(([, line]) => line))).not.toMatch(/refused_key|logging_secret/);
      expect(console.warn).not.toHaveBeenCalled();
      expect(console.error).not.toHaveBeenCalled();
    });
  });

  test('the client logLevel decides: off writes nothing anywhere, error only the bugs of the app', async () => {
    await withConsole(async (console) => {
      const silent = recordingLogger();
      expect(await relay({ client: loggedClient(silent, 'off', true), model })).toBe(401);
      expect(await relay({ client: loggedClient(silent, 'off'), model, ...midStreamError })).toBe(200);
      expect(await relay({ client: loggedClient(silent, 'off'), model, prepare: buggy })).toBe(500);
      const errorsOnly = recordingLogger();
      expect(await relay({ client: loggedClient(errorsOnly, 'error', true), model })).toBe(401);
      expect(await relay({ client: loggedClient(errorsOnly, 'error'), model, prepare: buggy })).toBe(500);
      expect(silent.calls).toEqual([]);
      expect(errorsOnly.calls.map(([level]) => level)).toEqual(['error']);
      expect(console.warn).not.toHaveBeenCalled();
      expect(console.error).not.toHaveBeenCalled();
    });
  });

  test('info also says why a browser got a refusal: its own bad request, or a rate limit upstream; warn does not', async () => {
    await withConsole(async (console) => {
      const logger = recordingLogger();
      const rateLimited = { requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'rate-limit' } } };
      expect(await relay({ client: loggedClient(logger, 'info'), model, ...rateLimited })).toBe(429);
      const server = await listen(createChatStreamMiddleware({ client: loggedClient(logger, 'info'), model }));
      servers.push(server);
      const badRequest = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages":' });
      expect(badRequest.status).toBe(400);
      expect(logger.calls.map(([level, line]) => [level, String(line).replace(/\)\. .*/s, ').').replace(/after \d+ ms/, 'after T ms')])).toEqual([
        ['info', '[groq-stream] createChatStreamMiddleware: the chat request was refused upstream after T ms (the browser got 429).'],
        ['info', "[groq-stream] createChatStreamMiddleware: the browser's chat request was refused after T ms (it got 400)."],
      ]);
      expect(String(logger.calls[0]![1])).toMatch(/429 Rate limit reached .*\[POST \/openai\/v1\/chat\/completions, request req_\w+\]/);
      const quiet = recordingLogger();
      expect(await relay({ client: loggedClient(quiet, 'warn'), model, ...rateLimited })).toBe(429);
      expect(quiet.calls).toEqual([]);
      expect(console.warn).not.toHaveBeenCalled();
    });
  });

  test('info says when the browser left mid-stream, after how many chunks, with Groq request id', async () => {
    const logger = recordingLogger();
    // A stall (held open until the relay goes away; no idle timeout): only the browser leaving can end it.
    const slow = { requestOptions: { streamIdleTimeout: 0, headers: { 'x-mock-scenario': 'stall' } } };
    const server = await listen(createChatStreamMiddleware({ client: loggedClient(logger, 'info'), model, heartbeatMs: 0, ...slow }));
    servers.push(server);
    const leaving = new AbortController();
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation), signal: leaving.signal });
    await response.body!.getReader().read();
    leaving.abort();
    await eventually(() => logger.calls.length === 1, Number.POSITIVE_INFINITY);
    expect(logger.calls.map(([level, line]) => [level, String(line).replace(/after \d+ chunks?/, 'after N chunks').replace(/and \d+ ms/, 'and T ms').replace(/req_\w+/, 'req_X')])).toEqual([
      ['info', '[groq-stream] createChatStreamMiddleware: the browser left after N chunks and T ms; the upstream request was aborted, request req_X.'],
    ]);
  });

  // A time limit of the app's, another middleware, a shutdown: the browser did not leave, and an operator who reads
  // that it did looks for impatient users, or a proxy, rather than at the app's own code.
  test.each([
    ['ends the response', (response: ServerResponse) => void response.end(), 'other code ended the response (its end() was called outside the relay: another middleware, a time limit; the browser had not left)'],
    ['destroys the response', (response: ServerResponse) => void response.destroy(), 'other code destroyed the response or its connection (a time limit, a shutdown; the browser had not left)'],
    ['destroys the connection', (response: ServerResponse) => void response.req.socket.destroy(), 'other code destroyed the response or its connection (a time limit, a shutdown; the browser had not left)'],
  ])('info says when the app itself %s mid-stream, not that the browser left', async (_name, cut, words) => {
    const logger = recordingLogger();
    const slow = { requestOptions: { streamIdleTimeout: 0, headers: { 'x-mock-scenario': 'stall' } } };
    const middleware = createChatStreamMiddleware({ client: loggedClient(logger, 'info'), model, heartbeatMs: 0, ...slow });
    let relayed: ServerResponse | undefined;
    const server = await listen((request: IncomingMessage, response: ServerResponse) => {
      relayed = response;
      void middleware(request, response);
    });
    servers.push(server);
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
    const reader = response.body!.getReader();
    await reader.read();
    // The browser is still there, reading: the app's own code cuts the answer.
    cut(relayed!);
    await eventually(() => logger.calls.length === 1, Number.POSITIVE_INFINITY);
    expect(logger.calls.map(([level, line]) => [level, String(line).replace(/after \d+ chunks?/, 'after N chunks').replace(/and \d+ ms/, 'and T ms').replace(/req_\w+/, 'req_X')])).toEqual([
      ['info', `[groq-stream] createChatStreamMiddleware: ${words} after N chunks and T ms; the upstream request was aborted, request req_X.`],
    ]);
    await reader.cancel().catch(() => undefined);
  });

  test('the client a function gives logs its request; before it gives one (it threw, or prepare failed first) the line goes to console', async () => {
    await withConsole(async (console) => {
      const logger = recordingLogger();
      const client = loggedClient(logger, 'warn', true);
      expect(await relay({ client: () => client, model })).toBe(401);
      expect(logger.calls.map(([level]) => level)).toEqual(['warn']);
      const noTenant = () => {
        throw new Error(`no tenant for ${apiKey}`);
      };
      expect(await relay({ client: noTenant, model })).toBe(500);
      expect(await relay({ client: () => client, model, prepare: buggy })).toBe(500);
      expect(logger.calls).toHaveLength(1);
      expect(console.error.mock.calls.map(([line, error]) => [String(line).replace(/after \d+ ms/, 'after T ms'), (error as Error).message])).toEqual([
        ['[groq-stream] createChatStreamMiddleware: the chat request failed before streaming, in the client or prepare option, after T ms: no tenant for [redacted]', 'no tenant for [redacted]'],
        ['[groq-stream] createChatStreamMiddleware: the chat request failed before streaming, in the client or prepare option, after T ms: prompt store failed for [redacted]', 'prompt store failed for [redacted]'],
      ]);
      expect(console.warn).not.toHaveBeenCalled();
    });
  });

  test('a prepare that throws a value with no text form (no prototype) is still answered 500 and logged', async () => {
    await withConsole(async () => {
      const logger = recordingLogger();
      const shapeless = () => {
        throw Object.create(null) as unknown;
      };
      expect(await relay({ client: loggedClient(logger), model, prepare: shapeless })).toBe(500);
      expect(logger.calls.map(([level, line]) => [level, String(line).replace(/after \d+ ms/, 'after T ms')])).toEqual([
        ['error', '[groq-stream] createChatStreamMiddleware: the chat request failed before streaming, in the client or prepare option, after T ms: a value that cannot be shown as text'],
      ]);
    });
  });

  test('under Express, a bug still goes to next and is not logged by the relay', async () => {
    await withConsole(async (console) => {
      const logger = recordingLogger();
      const handled: unknown[] = [];
      const app = express();
      app.post('/api/chat', createChatStreamMiddleware({ client: loggedClient(logger), model, prepare: buggy }));
      app.use((error: unknown, _request: unknown, response: express.Response, _next: unknown) => {
        handled.push(error);
        response.status(500).end();
      });
      const server = await listen(app);
      servers.push(server);
      const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
      expect(response.status).toBe(500);
      expect((handled[0] as Error).message).toBe('prompt store failed for [redacted]');
      expect(logger.calls).toEqual([]);
      expect(console.error).not.toHaveBeenCalled();
    });
  });

  test('a logger that throws does not change the answer, and the middleware resolves: its failure and the line go to console', async () => {
    await withConsole(async (console) => {
      const failing = {
        ...recordingLogger(),
        warn: () => {
          throw new Error('log shipper down');
        },
      };
      const middleware = createChatStreamMiddleware({ client: loggedClient(failing, 'warn', true), model });
      const returned: Promise<void>[] = [];
      const server = await listen((request: IncomingMessage, response: ServerResponse) => void returned.push(middleware(request, response)));
      servers.push(server);
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
      expect(response.status).toBe(401);
      await expect(returned[0]).resolves.toBeUndefined();
      expect(String(console.error.mock.calls[0]?.[0])).toMatch(/^\[groq-stream\] The logger's warn\(\) threw while writing a line: log shipper down\..* The line follows here instead\.$/);
      expect(String(console.warn.mock.calls[0]?.[0])).toMatch(/^\[groq-stream\] createChatStreamMiddleware: the chat request failed upstream after \d+ ms \(the browser got 401\)/);
    });
  });
});
