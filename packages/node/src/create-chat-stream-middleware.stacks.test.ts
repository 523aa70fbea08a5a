import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import compression from 'compression';
import express, { type Express } from 'express';
import express4 from 'express-4';
import { describe, expect, test } from 'vitest';
import { createChatStreamMiddleware, sseFrames, sseResponseHeaders, Stream, type ChatCompletionChunk, type ChatRelayOptions } from './index.js';
import { Groq } from './groq.js';
import { eventually, listen, readTimedFrames, registerMockUpstream } from './pipe-stream-to-server-response.test-helpers.js';

/**
 * The Express relay behind the middleware stacks apps put in front of it (body parsers of every kind, headers
 * of a security middleware, a response time limit) and over the life of a real connection (keep-alive,
 * `Expect: 100-continue`, a server shutting down): each as a real server on port 0, the mock as upstream.
 */

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const prompt = 'Explain quantum computing';
const conversation = { messages: [{ role: 'user', content: prompt }] };
const answer = generateAnswerTokens(prompt).join('');
let mock: MockGroqServer;
let client: Groq;
const servers = registerMockUpstream({ apiKey, maxRetries: 0 }, (upstream) => ({ mock, client } = upstream));

type ExpressModule = typeof express;
const expressVersions: [name: string, express: ExpressModule][] = [
  ['Express 5', express],
  ['Express 4', express4 as unknown as ExpressModule],
];

/** Upstream held open after three tokens until the relay lets go (no idle timeout): only an abort ends it. */
const stalled: Partial<ChatRelayOptions> = { requestOptions: { maxRetries: 0, streamIdleTimeout: 0, headers: { 'x-mock-scenario': 'stall' } } };

/** What a node:http request got back: the whole body, and whether it went over a connection used before. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
  localPort: number | undefined;
}

/** POSTs `body` with node:http (through `agent`, for keep-alive), reading the whole answer. */
function send(url: string, body: string | Buffer, headers: Record<string, string> = {}, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (incoming: IncomingMessage) => {
      const pieces: Buffer[] = [];
      const localPort = incoming.socket.localPort;
      incoming.on('data', (piece: Buffer) => pieces.push(piece));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(pieces).toString('utf8'), reusedSocket: outgoing.reusedSocket, localPort }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The text the chunks of an event-stream body add up to. */
async function contentOf(body: string): Promise<string> {
  const completion = await Stream.fromSSEResponse<ChatCompletionChunk>(new Response(body, { headers: { 'content-type': 'text/event-stream' } })).finalChatCompletion();
  return completion.choices[0]?.message.content ?? '';
}

describe.each(expressVersions)('createChatStreamMiddleware behind middleware stacks on %s', (_name, express) => {
  /** An app with `before` in front of the relay at /api/chat, whose middleware calls are counted as they settle. */
  async function startApp(options: Partial<ChatRelayOptions> = {}, before: (app: Express) => void = () => undefined): Promise<{ url: string; settled: () => number }> {
    let settled = 0;
    const middleware = createChatStreamMiddleware({ client, model, heartbeatMs: 0, requestOptions: { maxRetries: 0 }, ...options });
    const app = express();
    before(app);
    app.all('/api/chat', (request, response, next) => void middleware(request, response, next).finally(() => (settled += 1)));
    const server = await listen(app);
    servers.push(server);
    return { url: `${server.url}/api/chat`, settled: () => settled };
  }

  test('express.text() and express.raw() for every type in front: the string or Buffer they read is the body, a gzip body inflated', async () => {
    const json = JSON.stringify(conversation);
    const asText = await startApp({}, (app) => app.use(express.text({ type: '*/*' })));
    const text = await send(asText.url, json);
    expect(text.status).toBe(200);
    expect(await contentOf(text.body)).toBe(answer);
    const asBytes = await startApp({}, (app) => app.use(express.raw({ type: '*/*' })));
    const bytes = await send(asBytes.url, gzipSync(json), { 'content-encoding': 'gzip' });
    expect(bytes.status).toBe(200);
    expect(await contentOf(bytes.body)).toBe(answer);
    expect(mock.requests().map((request) => request.body)).toEqual([1, 2].map(() => expect.objectContaining({ messages: conversation.messages })));
  });

  test("a body parser with a larger limit than the relay's does not raise it: 413 JSON, nothing upstream", async () => {
    const { url } = await startApp({ maxBodyBytes: 1000 }, (app) => app.use(express.json({ limit: '1mb' })));
    const refused = await send(url, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] }));
    expect(refused.status).toBe(413);
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'body_too_large' } });
    expect(mock.stats().requests).toBe(0);
  });

  test('a body decoded by express.text() from another charset is still refused as not UTF-8 JSON (415), nothing upstream', async () => {
    const { url } = await startApp({}, (app) => app.use(express.text({ type: '*/*' })));
    const refused = await send(url, Buffer.from(JSON.stringify({ messages: [{ role: 'user', content: 'café' }] }), 'latin1'), {
      'content-type': 'application/json; charset=iso-8859-1',
    });
    expect(refused.status).toBe(415);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect(mock.stats().requests).toBe(0);
  });

  test("headers a security middleware (helmet's) set before are kept, but the event stream's own win", async () => {
    const { url } = await startApp({}, (app) =>
      app.use((_request, response, next) => {
        response.setHeader('content-security-policy', "default-src 'self'");
        response.setHeader('x-content-type-options', 'nosniff');
        response.setHeader('cache-control', 'no-store');
        response.setHeader('content-type', 'text/html; charset=utf-8');
        next();
      }),
    );
    const streamed = await send(url, JSON.stringify(conversation));
    expect(streamed.status).toBe(200);
    for (const [name, value] of Object.entries(sseResponseHeaders)) expect(streamed.headers[name], name).toBe(value);
    expect(streamed.headers['x-content-type-options']).toBe('nosniff');
    expect(streamed.headers['content-security-policy']).toBe("default-src 'self'");
    expect(await contentOf(streamed.body)).toBe(answer);
  });

  test("behind compression, whose on-headers wraps writeHead (as morgan's and express-session's do), the answers before the stream keep their headers", async () => {
    // Groq answers 429 to whatever is sent upstream; the 405 and the 413 are the relay's own.
    const { url } = await startApp({ maxBodyBytes: 100, requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'rate-limit' } } }, (app) => app.use(compression()));
    const refusedMethod = await fetch(url);
    expect(refusedMethod.status).toBe(405);
    expect(refusedMethod.headers.get('allow')).toBe('POST');
    const rateLimited = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.headers.get('retry-after')).toBe('1');
    expect(rateLimited.headers.get('x-groq-request-id')).toMatch(/^req_/);
    for (const answered of [refusedMethod, rateLimited]) {
      expect(answered.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answered.headers.get('cache-control')).toBe('no-store');
      const text = await answered.text();
      expect(answered.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    }
    // Refused by its declared length, before it is read: the connection is not kept for another request.
    const tooLarge = await send(url, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(200) }] }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.connection).toBe('close');
    expect(tooLarge.headers['content-type']).toBe('application/json; charset=utf-8');
    // With a reason phrase of Groq's (498), the headers are writeHead's third argument.
    const capacity = await startApp(
      { requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'capacity' } }, prepare: (params) => ({ ...params, service_tier: 'flex' }) },
      (app) => app.use(compression()),
    );
    const atCapacity = await send(capacity.url, JSON.stringify(conversation));
    expect(atCapacity.status).toBe(498);
    expect(atCapacity.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(atCapacity.headers['x-groq-request-id']).toMatch(/^req_/);
  });

  test('a response time limit (connect-timeout) that fires mid-stream ends the browser connection and aborts the upstream', async () => {
    // As connect-timeout does it: its timer calls next(error) after the route took the request, and Express's
    // final handler, with the headers sent, destroys the connection. Fired by hand once a chunk has arrived.
    let fire: (() => void) | undefined;
    const { url, settled } = await startApp(stalled, (app) =>
      app.use((_request, _response, next) => {
        fire = () => next(Object.assign(new Error('Response timeout'), { status: 503, code: 'ETIMEDOUT' }));
        next();
      }),
    );
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
    expect(response.status).toBe(200);
    let failure: unknown;
    await readTimedFrames(response, performance.now(), (frame) => void (frame.text.startsWith('data: ') && fire?.())).catch((error: unknown) => (failure = error));
    expect(failure).toBeInstanceOf(Error);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    await eventually(() => settled() === 1, Number.POSITIVE_INFINITY);
  });

  test('keep-alive: the next request on the connection is answered after a whole answer, an error event, a 400, and a 415 on a body it read', async () => {
    const { url } = await startApp();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answers = [
        await send(url, JSON.stringify(conversation), {}, agent),
        await send(url, JSON.stringify(conversation), {}, agent),
        await send(url, JSON.stringify({ messages: [{ role: 'system', content: 'Obey' }] }), {}, agent),
        await send(url, 'hello', { 'content-type': 'text/plain' }, agent),
        await send(url, JSON.stringify(conversation), {}, agent),
      ];
      expect(answers.map((each) => each.status)).toEqual([200, 200, 400, 415, 200]);
      expect(answers.map((each) => each.reusedSocket)).toEqual([false, true, true, true, true]);
      expect(new Set(answers.map((each) => each.localPort)).size).toBe(1);
      expect(await contentOf(answers[4]?.body ?? '')).toBe(answer);
      expect(mock.stats()).toMatchObject({ streamsStarted: 3, streamsCompleted: 3 });
    } finally {
      agent.destroy();
    }
  });

  test('keep-alive: a HEAD request gets the 405 headers alone, nothing upstream, and the connection carries the next answer', async () => {
    const { url } = await startApp();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const head = await new Promise<Answer>((resolve, reject) => {
        const outgoing = httpRequest(url, { method: 'HEAD', agent }, (incoming) => {
          const { localPort } = incoming.socket;
          incoming.resume().on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: '', reusedSocket: outgoing.reusedSocket, localPort }));
        });
        outgoing.on('error', reject).end();
      });
      expect(head.status).toBe(405);
      expect(head.headers.allow).toBe('POST');
      expect(mock.stats().requests).toBe(0);
      const next = await send(url, JSON.stringify(conversation), {}, agent);
      expect(next.reusedSocket).toBe(true);
      expect(next.localPort).toBe(head.localPort);
      expect(await contentOf(next.body)).toBe(answer);
    } finally {
      agent.destroy();
    }
  });

  test('keep-alive: after a mid-stream upstream error, the connection carries the next answer', async () => {
    // A client of its own that logs nothing: the failure's warning is not what this test reads.
    const quiet = new Groq({ apiKey, baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
    const { url } = await startApp({ client: quiet, requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'mid-stream-error' } } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const failed = await send(url, JSON.stringify(conversation), {}, agent);
      expect(failed.body).toContain('event: error\n');
      const next = await send(url, JSON.stringify(conversation), {}, agent);
      expect(next.reusedSocket).toBe(true);
      expect(next.body).toContain('event: error\n');
    } finally {
      agent.destroy();
    }
  });

  test('keep-alive: a body refused by its declared length (413) is not read, and the connection is closed rather than reused', async () => {
    const { url } = await startApp({ maxBodyBytes: 100 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(url, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(200) }] }), {}, agent);
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      const next = await send(url, JSON.stringify(conversation), {}, agent);
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  test('an upload of megabytes past maxBodyBytes, with its length declared or chunked, still reads its 413, not a reset', async () => {
    // Far more than the sockets on the way buffer: a relay that cut the connection while the rest was still on its
    // way would have the browser's kernel see a reset, and the 413 lost with it.
    const { url } = await startApp();
    const large = new Uint8Array(8 * 1024 * 1024).fill(0x61);
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(large);
        controller.close();
      },
    });
    for (const body of [large, chunked]) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit;
      const refused = await fetch(url, init);
      expect(refused.status).toBe(413);
      expect(await refused.json()).toMatchObject({ error: { code: 'body_too_large' } });
    }
    expect(mock.stats().requests).toBe(0);
  });

  test('an idle time limit the app set with response.setTimeout() cuts a stalled stream, and the upstream is aborted', async () => {
    // No callback: Node destroys the connection once it has been idle that long, as the app asked.
    const { url, settled } = await startApp(stalled, (app) =>
      app.use((_request, response, next) => {
        response.setTimeout(200);
        next();
      }),
    );
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    await eventually(() => settled() === 1, Number.POSITIVE_INFINITY);
  });

  test('an HTTP/1.0 request (a proxy such as nginx sends them by default) gets the whole stream, ended by the connection closing', async () => {
    const { url } = await startApp();
    const { port } = new URL(url);
    const body = JSON.stringify(conversation);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8').on('data', (piece: string) => (text += piece));
      socket.on('error', reject).on('close', () => resolve(text));
      socket.write(`POST /api/chat HTTP/1.0\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    const [head = '', streamed = ''] = raw.split(/\r\n\r\n(.*)/s);
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head.toLowerCase()).toContain('content-type: text/event-stream; charset=utf-8');
    // No chunked framing for HTTP/1.0: the events as they are, [DONE] last.
    expect(head.toLowerCase()).not.toContain('transfer-encoding');
    expect(streamed.endsWith(sseFrames.done)).toBe(true);
    expect(await contentOf(streamed)).toBe(answer);
  });

  test('Expect: 100-continue: the body sent after the interim answer is read and the answer streams', async () => {
    const { url } = await startApp();
    const streamed = await new Promise<Answer>((resolve, reject) => {
      let continued = false;
      const outgoing = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', expect: '100-continue' } }, (incoming) => {
        const pieces: Buffer[] = [];
        incoming.on('data', (piece: Buffer) => pieces.push(piece));
        incoming.on('end', () => {
          expect(continued).toBe(true);
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(pieces).toString('utf8'), reusedSocket: false, localPort: undefined });
        });
      });
      outgoing.on('error', reject);
      outgoing.on('continue', () => {
        continued = true;
        outgoing.end(JSON.stringify(conversation));
      });
      outgoing.flushHeaders();
    });
    expect(streamed.status).toBe(200);
    expect(await contentOf(streamed.body)).toBe(answer);
  });
});

describe('createChatStreamMiddleware while its server shuts down', () => {
  async function startServer(options: Partial<ChatRelayOptions>) {
    let settled = 0;
    const middleware = createChatStreamMiddleware({ client, model, heartbeatMs: 0, ...options });
    const app = express();
    app.post('/api/chat', (request, response, next) => void middleware(request, response, next).finally(() => (settled += 1)));
    const { createServer } = await import('node:http');
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    servers.push({ close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())) });
    return { server, url: `http://127.0.0.1:${port}/api/chat`, settled: () => settled };
  }

  /** Starts `count` streams and reads each up to its first data frame; resolves with how each read then ended. */
  async function openStreams(url: string, count: number): Promise<Promise<string>[]> {
    const readers: Promise<string>[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation) });
      let first: () => void = () => undefined;
      const sawFirst = new Promise<void>((resolve) => (first = resolve));
      readers.push(
        readTimedFrames(response, performance.now(), (frame) => void (frame.text.startsWith('data: ') && first())).then(
          (frames) => (frames.some((frame) => frame.text === sseFrames.done) ? 'done' : 'ended'),
          () => 'cut',
        ),
      );
      await sawFirst;
    }
    return readers;
  }

  test('closeAllConnections() during three streams and one waiting for its upstream headers aborts each upstream request, and every middleware call settles', async () => {
    // A request marked x-test-slow gets upstream headers an hour away; the others stall after three tokens.
    const upstream = (headers: Record<string, string>): Groq => new Groq({ apiKey, baseURL: mock.url, maxRetries: 0, defaultHeaders: headers });
    const slow = upstream({ 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '3600000' });
    const stalling = upstream({ 'x-mock-scenario': 'stall' });
    const { server, url, settled } = await startServer({
      client: (request) => ((request as { headers: Record<string, unknown> }).headers['x-test-slow'] === undefined ? stalling : slow),
      requestOptions: { maxRetries: 0, streamIdleTimeout: 0 },
    });
    const readers = await openStreams(url, 3);
    const waiting = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-slow': '1' },
      body: JSON.stringify(conversation),
    }).then(() => 'answered', () => 'cut');
    await eventually(() => mock.stats().streamsStarted === 4, Number.POSITIVE_INFINITY);
    server.closeAllConnections();
    expect(await Promise.all([...readers, waiting])).toEqual(['cut', 'cut', 'cut', 'cut']);
    await eventually(() => mock.stats().streamsAborted === 4, Number.POSITIVE_INFINITY);
    await eventually(() => settled() === 4, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 4, streamsCompleted: 0 });
  });

  test('close() lets a stream that is on its way finish, then the server closes', async () => {
    const { server, url, settled } = await startServer({ requestOptions: { maxRetries: 0, headers: { 'x-mock-tokens': '20', 'x-mock-tokens-per-second': '200' } } });
    const [reader] = await openStreams(url, 1);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await reader).toBe('done');
    await closed;
    expect(settled()).toBe(1);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });
});
