import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chatBody, parseSseFrames, postChat, readChunks, useMockServer, waitUntil } from './test/mock-test-helpers.js';
import { parseRawResponse } from './test/raw-http-response.js';

// Clients over raw sockets: a half-close (FIN after the request, the socket still reading) and a full close
// (the socket destroyed) send the same FIN, and must be told apart.

const server = useMockServer();

/** A chat-completions request as bytes, with `x-mock-*` headers. */
function rawRequest(body: Record<string, unknown>, headers: Record<string, string>, version = '1.1'): string {
  const json = JSON.stringify(body);
  const head = Object.entries({ host: '127.0.0.1', authorization: 'Bearer test-key', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)), ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `POST /openai/v1/chat/completions HTTP/${version}\r\n${head}\r\n${json}`;
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `request` and half-closes at once, as `socket.end(request)` does; resolves with all it received once the server closed. */
async function halfClose(request: string): Promise<{ text: string; serverEnded: boolean }> {
  const socket = await open();
  let text = '';
  let serverEnded = false;
  socket.setEncoding('utf8');
  socket.on('data', (piece: string) => (text += piece));
  socket.once('end', () => (serverEnded = true));
  socket.end(request);
  await new Promise((resolve) => socket.once('close', resolve));
  return { text, serverEnded };
}

/** A chunk without what changes from one answer to the next (ids, time of creation). */
function comparable(chunk: Record<string, any>): Record<string, unknown> {
  const { id: _id, created: _created, x_groq: xGroq, ...rest } = chunk;
  if (xGroq === undefined) return rest;
  const { id: _requestId, ...groq } = xGroq as Record<string, unknown>;
  return { ...rest, x_groq: groq };
}

/** The answer a client that keeps its connection open gets for the same request. */
async function referenceChunks(body: Record<string, unknown>, headers: Record<string, string>): Promise<Record<string, unknown>[]> {
  return (await readChunks(await postChat(server.url, body, headers))).map(comparable);
}

/** The JSON chunks of a stream read over a raw socket; comment frames (`: …`) are skipped, as SSE parsers do. */
function streamChunks(body: string): Record<string, unknown>[] {
  const frames = parseSseFrames(body.split('\n\n').filter((frame) => !frame.startsWith(':')).join('\n\n'));
  expect(frames.pop()?.data).toBe('[DONE]');
  return frames.map((frame) => comparable(JSON.parse(frame.data) as Record<string, any>));
}

describe('a client that half-closes after its request', () => {
  it.each([
    ['paced', { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '8' }],
    ['with a wait before the first token', { 'x-mock-ttft-ms': '150', 'x-mock-tokens': '8' }],
    ['slow headers', { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '150', 'x-mock-tokens': '8' }],
    ['unpaced', { 'x-mock-tokens': '8' }],
  ])('gets its whole stream (%s), then the server closes the connection', async (_name, headers) => {
    const body = chatBody('half-close stream');
    const expected = await referenceChunks(body, headers);
    server.resetStats();
    const { text, serverEnded } = await halfClose(rawRequest(body, headers));
    const response = parseRawResponse(text);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(streamChunks(response.body)).toEqual(expected);
    // At most one probe (a comment frame, or `100 Continue` before the headers) reaches it.
    expect(response.body.split('\n\n').filter((frame) => frame.startsWith(':')).length + response.interim.length).toBeLessThanOrEqual(1);
    expect(response.interim.every((line) => line === 'HTTP/1.1 100 Continue')).toBe(true);
    expect(serverEnded).toBe(true);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  it('gets the answers of pipelined requests in order, then the server closes the connection', async () => {
    const headers = { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '4' };
    const bodies = [chatBody('first of two'), chatBody('second of two')];
    const expected = [await referenceChunks(bodies[0]!, headers), await referenceChunks(bodies[1]!, headers)];
    server.resetStats();
    const { text, serverEnded } = await halfClose(bodies.map((body) => rawRequest(body, headers)).join(''));
    const first = parseRawResponse(text);
    const second = parseRawResponse(first.rest);
    expect([streamChunks(first.body), streamChunks(second.body)]).toEqual(expected);
    expect(second.rest).toBe('');
    expect(serverEnded).toBe(true);
    expect(server.stats()).toMatchObject({ streamsStarted: 2, streamsCompleted: 2, streamsAborted: 0 });
  });

  it.each([
    ['paced', { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '8' }, '1.1'],
    ['with a wait before the first token', { 'x-mock-ttft-ms': '150', 'x-mock-tokens': '8' }, '1.1'],
    ['over HTTP/1.0, which gets no 1xx', { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '8' }, '1.0'],
    ['unpaced', { 'x-mock-tokens': '8' }, '1.1'],
  ])('gets its whole non-streamed answer (%s), then the server closes the connection', async (_name, headers, version) => {
    const body = chatBody('half-close answer', { stream: false });
    const expected = comparable((await (await postChat(server.url, body, headers)).json()) as Record<string, any>);
    const { text, serverEnded } = await halfClose(rawRequest(body, headers, version));
    const response = parseRawResponse(text);
    expect(response.status).toBe(200);
    expect(comparable(JSON.parse(response.body) as Record<string, any>)).toEqual(expected);
    // At most one probe reaches it: `100 Continue`, which an HTTP/1.0 client may not be sent.
    expect(['', 'HTTP/1.1 100 Continue']).toContain(response.interim.join('|'));
    if (version === '1.0') expect(response.interim).toEqual([]);
    expect(serverEnded).toBe(true);
  });
});

describe('a client that closes its connection', () => {
  // Bounds far below the pace: the mock would write nothing for a minute (or 5 s between tokens). Milliseconds
  // normally; a loaded machine may stall the process for a second or so, and a stall past the bound fails the
  // wait before the socket's close is read.
  const DETECTION_BOUND_MS = 2500;

  /** Sends `request`, waits for `ready`, then closes the socket (not a half-close) and waits for the abort. */
  async function closeAndExpectAbort(request: string, ready: (received: string) => boolean): Promise<void> {
    const socket = await open();
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (piece: string) => (text += piece));
    socket.write(request);
    await waitUntil(() => server.stats().streamsStarted === 1 && ready(text));
    socket.destroy();
    await waitUntil(() => server.stats().streamsAborted === 1, DETECTION_BOUND_MS);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsAborted: 1, streamsFailed: 0 });
  }

  it('counts as aborted at once mid-stream, whatever the pace', async () => {
    const request = rawRequest(chatBody('full close mid-stream'), { 'x-mock-tokens-per-second': '0.2' });
    await closeAndExpectAbort(request, (text) => text.includes('"role":"assistant"'));
  });

  it('counts as aborted at once while the mock waits for the first token', async () => {
    const request = rawRequest(chatBody('full close before the first token'), { 'x-mock-ttft-ms': '60000' });
    await closeAndExpectAbort(request, (text) => text.includes('text/event-stream'));
  });

  it('counts as aborted at once while the mock waits before the headers (slow-headers)', async () => {
    const request = rawRequest(chatBody('full close before the headers'), { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '60000' });
    await closeAndExpectAbort(request, () => true);
  });
});
