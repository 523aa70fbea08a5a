import { once } from 'node:events';
import { Agent } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { Groq } from './groq.js';
import { createNodeHttpFetch } from './node-http-fetch.js';

const body = JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hello' }], stream: false });

interface ClosingServerOptions {
  /** How many requests that open a connection are answered; the rest are closed too. Default: all of them. */
  answeredFirstRequests?: number;
  /** Close with a reset (RST) rather than an end (FIN): a request that reaches a socket already closed gets one. */
  reset?: boolean;
  /** Before closing, send the start of an answer's head. */
  headBeforeClose?: boolean;
  /** The JSON body of each answer. Default: `{"ok":true}`. */
  answer?: string;
}

interface ClosingServer {
  url: string;
  /** Connections opened so far. */
  connections: () => number;
  /** Each request the server saw, whole or in part, as its first bytes up to the end of its head. */
  requests: string[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/**
 * A server that answers the first request on each connection, keep-alive, and closes the connection as soon
 * as the first bytes of another request arrive on it, without answering: what a client sees when the server
 * closes an idle connection just as a request goes out on it (from the client's side the request was sent,
 * and the connection closed with no byte of an answer). Raw TCP, so that the close comes before the server
 * has even parsed the request.
 */
async function closingServer(options: ClosingServerOptions = {}): Promise<ClosingServer> {
  const requests: string[] = [];
  let connections = 0;
  let answered = 0;
  const server = createServer((socket: Socket) => {
    connections++;
    let received = Buffer.alloc(0);
    let index: number | undefined;
    let answeredHere = false;
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      if (answeredHere) {
        // The first bytes of a second request: closed unread.
        requests.push(data.toString('latin1'));
        close(socket);
        return;
      }
      received = Buffer.concat([received, data]);
      index ??= requests.push('') - 1;
      requests[index] = received.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, headEnd).toString('latin1'))?.[1] ?? 0);
      if (received.length < headEnd + 4 + length) return;
      if (answered === (options.answeredFirstRequests ?? Infinity)) {
        close(socket);
        return;
      }
      answered++;
      answeredHere = true;
      const answer = options.answer ?? '{"ok":true}';
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer)}\r\nconnection: keep-alive\r\n\r\n${answer}`);
    });
  });
  function close(socket: Socket): void {
    if (options.headBeforeClose === true) socket.write('HTTP/1.1 200 OK\r\n');
    if (options.reset === true) socket.resetAndDestroy();
    else socket.destroy();
  }
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/v1/chat/completions`, connections: () => connections, requests };
}

/** A keep-alive agent, closed after the test, whose idle sockets the test can count. */
const agents: Agent[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});
function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true });
  agents.push(agent);
  return agent;
}
const idleSockets = (agent: Agent): number => Object.values(agent.freeSockets).reduce((count, sockets) => count + (sockets?.length ?? 0), 0);

const post = (fetch: ReturnType<typeof createNodeHttpFetch>, url: string): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('a kept-alive connection the server closes as a request goes out on it', () => {
  test.each([
    ['ends it', false],
    ['resets it', true],
  ])('the request is sent again on a new connection when the server %s', async (_how, reset) => {
    const server = await closingServer({ reset });
    const agent = keepAliveAgent();
    const fetch = createNodeHttpFetch({ httpAgent: agent });
    expect(await (await post(fetch, server.url)).json()).toEqual({ ok: true });
    await eventually(() => idleSockets(agent) === 1);

    const response = await post(fetch, server.url);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.connections()).toBe(2);
    // The warm-up, the request the closed connection took, and the same request, body and all, again.
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.startsWith('POST /openai/v1/chat/completions HTTP/1.1\r\n')).toBe(true);
    expect(server.requests[2]!.startsWith('POST /openai/v1/chat/completions HTTP/1.1\r\n')).toBe(true);
    expect(server.requests[2]!.endsWith(`\r\n\r\n${body}`)).toBe(true);
  });

  test('the request goes out again on a new connection, not on another socket the pool kept idle as long', async () => {
    const server = await closingServer();
    const agent = keepAliveAgent();
    const fetch = createNodeHttpFetch({ httpAgent: agent });
    // Two at once: two connections, both idle afterwards.
    await Promise.all([post(fetch, server.url).then((response) => response.json()), post(fetch, server.url).then((response) => response.json())]);
    await eventually(() => idleSockets(agent) === 2);

    const response = await post(fetch, server.url);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.connections()).toBe(3);
    expect(server.requests).toHaveLength(4);
  });

  test('a client with maxRetries 0 gets its answer: the request is sent again below its retries', async () => {
    const server = await closingServer({ answer: '{"object":"list","data":[]}' });
    const agent = keepAliveAgent();
    const client = new Groq({ apiKey: 'gsk_test', baseURL: new URL(server.url).origin, fetch: createNodeHttpFetch({ httpAgent: agent }), maxRetries: 0 });
    await client.models.list();
    await eventually(() => idleSockets(agent) === 1);

    expect((await client.models.list()).data).toEqual([]);
    expect(server.connections()).toBe(2);
  });

  test('a second failure, on the new connection, fails the request as before', async () => {
    const server = await closingServer({ answeredFirstRequests: 1 });
    const agent = keepAliveAgent();
    const fetch = createNodeHttpFetch({ httpAgent: agent });
    await (await post(fetch, server.url)).json();
    await eventually(() => idleSockets(agent) === 1);

    const error = await rejectionOf(post(fetch, server.url));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNRESET');
    // Sent twice, not more.
    expect(server.connections()).toBe(2);
    expect(server.requests).toHaveLength(3);
  });

  test('a request on a new connection that closes is not sent again', async () => {
    const server = await closingServer({ answeredFirstRequests: 0 });
    const fetch = createNodeHttpFetch({ httpAgent: keepAliveAgent() });
    const error = await rejectionOf(post(fetch, server.url));
    expect(error).toBeInstanceOf(TypeError);
    expect(server.connections()).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  test('a request is not sent again once part of an answer arrived', async () => {
    const server = await closingServer({ headBeforeClose: true });
    const agent = keepAliveAgent();
    const fetch = createNodeHttpFetch({ httpAgent: agent });
    await (await post(fetch, server.url)).json();
    await eventually(() => idleSockets(agent) === 1);

    const error = await rejectionOf(post(fetch, server.url));
    expect(error).toBeInstanceOf(TypeError);
    expect(server.connections()).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});
