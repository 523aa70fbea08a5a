import { once } from 'node:events';
import { Agent } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { Groq } from './groq.js';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { closingServer as startClosingServer, type ClosingServer, type ClosingServerOptions } from './test/closing-server.js';

const body = JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hello' }], stream: false });

const servers: ClosingServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function closingServer(options?: ClosingServerOptions): Promise<ClosingServer> {
  const server = await startClosingServer(options);
  servers.push(server);
  return server;
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
    // The error says so: with maxRetries 0, the client's message would otherwise say retries were off.
    expect(((error as TypeError).cause as Error).message).toMatch(/sent twice: the kept-alive connection it first went out on closed before answering/);
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

  test('aborting the request while it is sent again rejects with the abort, and sends it no third time', async () => {
    // Answers the first request on the first connection and closes it when the next arrives; the request sent
    // again on a new connection gets no answer.
    const connections: Socket[] = [];
    let requests = 0;
    const server = createServer((socket) => {
      connections.push(socket);
      const first = connections.length === 1;
      socket.on('error', () => undefined);
      socket.on('data', (data) => {
        if (!data.includes('\r\n\r\n')) return;
        requests++;
        if (first && requests === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
        else if (first) socket.resetAndDestroy();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/v1/chat/completions`;
    try {
      const agent = keepAliveAgent();
      const fetch = createNodeHttpFetch({ httpAgent: agent });
      expect(await (await post(fetch, url)).text()).toBe('ok');
      await eventually(() => idleSockets(agent) === 1);

      const controller = new AbortController();
      const pending = rejectionOf(fetch(url, { method: 'POST', body, signal: controller.signal }));
      await eventually(() => requests === 3);
      controller.abort();
      expect((await pending as Error).name).toBe('AbortError');
      // The connection of the request sent again is closed by the abort.
      await eventually(() => connections[1]!.destroyed || connections[1]!.readableEnded);
      expect(connections).toHaveLength(2);
      expect(requests).toBe(3);
    } finally {
      for (const socket of connections) socket.destroy();
      server.close();
    }
  });
});
