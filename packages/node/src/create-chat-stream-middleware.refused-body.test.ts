import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createGunzip } from 'node:zlib';
import compression from 'compression';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ChatRelayOptions } from './index.js';
import { createChatStreamMiddleware } from './create-chat-stream-middleware.js';
import { Groq } from './groq.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';

// A body refused before its end (413) gets its answer at once, and its connection is closed only once the client
// has stopped sending (or a bound has passed): closed while bytes still arrive, the kernel resets it, and a client
// that had not read the answer yet loses it (Node's fetch posting 8 MB failed with EPIPE half the time).

const model = 'llama-3.3-70b-versatile';
const limit = 1000;
let upstreamCalls = 0;
// Never reached: every request here is refused before anything is sent upstream.
const client = new Groq({ apiKey: 'gsk_test_secret', baseURL: 'http://upstream.test', maxRetries: 0, fetch: () => Promise.reject(new Error(`upstream call ${++upstreamCalls}`)) });
const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  expect(upstreamCalls).toBe(0);
});

/**
 * The middleware on node:http (behind `compressing`, when given); `bodyEnded()` says whether the last request's
 * body was read to its end.
 */
async function serve(
  options: Partial<ChatRelayOptions<IncomingMessage>> = {},
  compressing?: (request: IncomingMessage, response: ServerResponse, next: () => void) => void,
): Promise<{ port: number; bodyEnded: () => boolean }> {
  const middleware = createChatStreamMiddleware({ client, model, heartbeatMs: 0, maxBodyBytes: limit, ...options });
  let ended = false;
  const server = await listen((request, response) => {
    request.once('end', () => (ended = true));
    if (compressing === undefined) void middleware(request, response);
    else compressing(request, response, () => void middleware(request, response));
  });
  servers.push(server);
  return { port: Number(new URL(server.url).port), bodyEnded: () => ended };
}

/**
 * A raw connection that posts to /api/chat with `head` and never ends its side itself: `until(check)` resolves once
 * what came back passes `check`; `closed` once the connection closed, with whether it broke (a reset, a failed write).
 */
function rawClient(port: number, head: string): { socket: Socket; until: (check: (text: string) => boolean) => Promise<string>; closed: Promise<{ broken: boolean }> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let broken = false;
  const waiting = new Set<() => void>();
  socket.on('data', (data: Buffer) => {
    received += data.toString();
    for (const wake of waiting) wake();
  });
  socket.on('error', () => (broken = true));
  const closed = new Promise<{ broken: boolean }>((resolve) => socket.once('close', (hadError) => resolve({ broken: broken || hadError })));
  const until = (check: (text: string) => boolean): Promise<string> =>
    new Promise((resolve) => {
      const wake = (): void => {
        if (!check(received)) return;
        waiting.delete(wake);
        resolve(received);
      };
      waiting.add(wake);
      wake();
    });
  socket.write(`POST /api/chat HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${head}\r\n`);
  return { socket, until, closed };
}

/** One piece of a chunked body. */
const chunk = (text: string): string => `${text.length.toString(16)}\r\n${text}\r\n`;
const answered = (text: string): boolean => text.includes('}}');

/** Writes `piece` until `count` are written or the connection closes; how many bytes went. */
async function upload(socket: Socket, piece: string, count = Number.POSITIVE_INFINITY): Promise<number> {
  let sent = 0;
  for (let index = 0; index < count && !socket.destroyed && socket.writable; index++) {
    sent += piece.length;
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  return sent;
}

describe('createChatStreamMiddleware: the connection of a body refused before its end', () => {
  const rest = 'x'.repeat(16 * 1024);
  test.each([
    ['chunked, refused once past maxBodyBytes', 'transfer-encoding: chunked\r\n', chunk(`{"messages":[{"role":"user","content":"${'x'.repeat(limit)}`), chunk(rest), '0\r\n\r\n'],
    ['with a content-length past maxBodyBytes, refused before it is read', `content-length: ${64 * rest.length + 10}\r\n`, 'x'.repeat(10), rest, ''],
  ])('%s: a client that reads the 413 and then sends the rest gets it whole, and the connection closes once the body has ended, nothing reset', async (_name, head, first, piece, last) => {
    const { port, bodyEnded } = await serve();
    const { socket, until, closed } = rawClient(port, head);
    socket.write(first);
    const text = await until(answered);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).error.code).toBe('body_too_large');
    // Sent after the answer came: the server is still reading.
    await upload(socket, piece, 64);
    socket.write(last);
    expect(await closed).toEqual({ broken: false });
    expect(bodyEnded()).toBe(true);
  });

  test('behind a compression middleware that compresses it, the 413 reaches a client that has not stopped sending at once, not when its body ends', async () => {
    // threshold 0: the answer is gzipped, and would wait in zlib until the end (once the body has ended, or a bound).
    // compression uses nothing of Express's, and runs on node:http; its types ask for Express's request.
    const { port } = await serve({ bodyTimeoutMs: 600_000 }, compression({ threshold: 0 }) as (request: IncomingMessage, response: ServerResponse, next: () => void) => void);
    const outgoing = httpRequest({ port, host: '127.0.0.1', path: '/api/chat', method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' } });
    outgoing.on('error', () => undefined);
    const answer = new Promise<{ status: number | undefined; encoding: string | undefined; text: string }>((resolve) => {
      outgoing.once('response', (incoming) => {
        let text = '';
        const decoded = incoming.pipe(createGunzip());
        decoded.on('error', () => undefined);
        decoded.on('data', (piece: Buffer) => {
          text += piece.toString();
          if (answered(text)) resolve({ status: incoming.statusCode, encoding: incoming.headers['content-encoding'], text });
        });
      });
    });
    // Past the limit, and the body goes on: it is never ended.
    outgoing.write(`{"messages":[{"role":"user","content":"${'x'.repeat(limit)}`);
    const { status, encoding, text } = await answer;
    expect(status).toBe(413);
    expect(encoding).toBe('gzip');
    expect(JSON.parse(text).error.code).toBe('body_too_large');
    outgoing.destroy();
  });

  test('a client that sends nothing after the limit gets its 413 at once, and the connection is closed once bodyTimeoutMs has passed', async () => {
    const { port, bodyEnded } = await serve({ bodyTimeoutMs: 300 });
    const { socket, until, closed } = rawClient(port, 'transfer-encoding: chunked\r\n');
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    socket.write(chunk(`{"messages":[{"role":"user","content":"${'x'.repeat(limit)}`));
    expect(await until(answered)).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedYet).toBe(false);
    // Closed by the server (the client never ends its side).
    await closed;
    expect(bodyEnded()).toBe(false);
  });

  test('a wall clock set back an hour while the body arrives does not hold the connection an hour: bodyTimeoutMs runs on the monotonic clock', async () => {
    const middleware = createChatStreamMiddleware({ client, model, heartbeatMs: 0, maxBodyBytes: limit, bodyTimeoutMs: 300 });
    const realNow = Date.now.bind(Date);
    let setBack = 0;
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - setBack);
    let connection: Socket | undefined;
    try {
      const server = await listen((request, response) => {
        void middleware(request, response);
        // As NTP would step it, once the body's time has begun.
        setBack = 3_600_000;
      });
      servers.push(server);
      const { socket, until, closed } = rawClient(Number(new URL(server.url).port), 'transfer-encoding: chunked\r\n');
      connection = socket;
      socket.write(chunk(`{"messages":[{"role":"user","content":"${'x'.repeat(limit)}`));
      expect(await until(answered)).toMatch(/^HTTP\/1\.1 413 /);
      // Closed by the server once bodyTimeoutMs is over (the client never ends its side), not an hour later.
      const late = new Promise<'not closed within 5 s'>((resolve) => setTimeout(() => resolve('not closed within 5 s'), 5_000).unref());
      expect(await Promise.race([closed, late])).toEqual({ broken: false });
    } finally {
      connection?.destroy();
      spy.mockRestore();
    }
  });

  test('a client that never stops sending is cut off 16 MiB past the 413, however long bodyTimeoutMs is', async () => {
    const { port } = await serve({ bodyTimeoutMs: 600_000 });
    const { socket, until, closed } = rawClient(port, 'transfer-encoding: chunked\r\n');
    socket.write(chunk(`{"messages":[{"role":"user","content":"${'x'.repeat(limit)}`));
    expect(await until(answered)).toMatch(/^HTTP\/1\.1 413 /);
    // Until the server closes the connection: the upload has no end of its own.
    const sent = await upload(socket, chunk('x'.repeat(64 * 1024)));
    await closed;
    expect(sent).toBeGreaterThan(16 * 1024 * 1024);
  });
});
