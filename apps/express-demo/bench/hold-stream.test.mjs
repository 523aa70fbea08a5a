import { once } from 'node:events';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRefused, holdStream } from './hold-stream.mjs';

const servers = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A server whose handler gets each request once its body has come; resolves to its URL. */
async function serve(handler) {
  const server = http.createServer((request, response) => {
    request.resume();
    request.once('end', () => handler(request, response));
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${server.address().port}/api/chat`;
}

const agent = () => new http.Agent({ keepAlive: true });
const body = { messages: [{ role: 'user', content: 'Benchmark stream 0' }] };
const sse = (response) => response.writeHead(200, { 'content-type': 'text/event-stream' });

describe('holdStream', () => {
  it('holds a stream once a data frame came, and keeps it when the connection breaks later', async () => {
    let held;
    const url = await serve((request, response) => {
      sse(response);
      response.write(': ping\n\n');
      response.write('data: {"choices":[]}\n\n');
      held = response;
    });
    const stream = await holdStream(url, body, { agent: agent() });
    expect(stream.refused).toBeUndefined();
    // A reset of a held stream is the connection count's to show, not an uncaught error (vitest fails a test
    // file with one).
    held.socket.resetAndDestroy();
    await new Promise((resolve) => stream.request.once('close', resolve));
  });

  it('counts an answer other than 200 as refused by its status', async () => {
    const url = await serve((request, response) => response.writeHead(504, { 'content-type': 'application/json' }).end('{"error":{}}'));
    expect((await holdStream(url, body, { agent: agent() })).refused).toBe(504);
  });

  it('counts a connection reset before the first event as refused, not as an error for the step', async () => {
    const url = await serve((request) => request.socket.resetAndDestroy());
    expect((await holdStream(url, body, { agent: agent() })).refused).toBe('ECONNRESET');
  });

  it('counts a stream closed before its first data frame as refused, rather than waiting for it for ever', async () => {
    const url = await serve((request, response) => {
      sse(response);
      response.write(': ping\n\n', () => response.destroy());
    });
    expect((await holdStream(url, body, { agent: agent() })).refused).toBe('closed');
  });

  it('counts a stream whose first event is an error event as refused, since it has ended', async () => {
    const url = await serve((request, response) => {
      sse(response);
      response.write(': ping\n\nevent: error\ndata: {"error":{"message":"The stream received no event"}}\n\n');
    });
    expect((await holdStream(url, body, { agent: agent() })).refused).toBe('error event');
  });

  it('gives up a stream not held when the signal aborts, and closes its connection', async () => {
    const controller = new AbortController();
    let connection;
    // Never answered: the request waits until the signal gives up on it.
    const url = await serve((request) => {
      connection = request.socket;
      controller.abort();
    });
    const stream = await holdStream(url, body, { agent: agent(), signal: controller.signal });
    expect(stream.refused).toBe('deadline');
    if (!connection.destroyed) await once(connection, 'close');
  });

  it('sends nothing once the signal has aborted', async () => {
    let requests = 0;
    const url = await serve(() => requests++);
    const stream = await holdStream(url, body, { agent: agent(), signal: AbortSignal.abort() });
    expect(stream.refused).toBe('deadline');
    expect(requests).toBe(0);
  });
});

describe('describeRefused', () => {
  it('counts each status and failure', () => {
    expect(describeRefused([504, 'ECONNRESET', 504, 408, 'deadline'])).toBe('HTTP 504 ×2, HTTP 408, ECONNRESET, deadline');
  });
});
