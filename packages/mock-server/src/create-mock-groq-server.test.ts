import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, fetchStats, postChat, readChunks, readFrames, waitUntil } from './test/mock-test-helpers.js';

describe('createMockGroqServer', () => {
  it('listens on 127.0.0.1 on a free port, with a url without trailing slash', async () => {
    const server = await createMockGroqServer();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      expect((await fetch(`${server.url}/__mock/stats`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('listens on ::1 with a url that puts the address in brackets', async () => {
    const server = await createMockGroqServer({ host: '::1' });
    try {
      expect(server.url).toBe(`http://[::1]:${server.port}`);
      const response = await postChat(server.url, chatBody('over IPv6', { stream: false }));
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rejects a port above 65535 with a RangeError naming the option', async () => {
    await expect(createMockGroqServer({ port: 70_000 })).rejects.toThrow(new RangeError('port must be an integer from 0 to 65535, got 70000.'));
  });

  it('rejects a port or count that is neither a number nor a string with a RangeError naming the option', async () => {
    // true failed with JavaScript's own "value.trim is not a function", which names no option.
    for (const [value, shown] of [[true, 'true'], [{ port: 1 }, 'a value of type object'], [[8080], 'an array'], [Number.NaN, 'NaN']] as const) {
      await expect(createMockGroqServer({ port: value as unknown as number })).rejects.toThrow(new RangeError(`port must be an integer from 0 to 65535, got ${shown}.`));
    }
    await expect(createMockGroqServer({ maxRecordedRequests: true as unknown as number })).rejects.toThrow(new RangeError('maxRecordedRequests must be an integer of at least 0, got true.'));
    await expect(createMockGroqServer({ ttftMs: false as unknown as number })).rejects.toThrow(new RangeError('ttftMs must be a number of at least 0, got false.'));
    await expect(createMockGroqServer({ tokens: 5n as unknown as number })).rejects.toThrow(new RangeError('tokens must be an integer from 0 to 10000000, got 5.'));
  });

  it('rejects a knownModelsOnly that is not a boolean with a RangeError naming the option', async () => {
    // The string "false" read as truthy turned the check on; 0 turned it off without a word.
    const long = 'y'.repeat(150);
    const values = [['false', '"false"'], [0, '0'], [1, '1'], [[true], 'an array'], [{ on: true }, 'a value of type object'], [long, `"${'y'.repeat(100)}… (150 characters in all)"`]] as const;
    for (const [value, shown] of values) {
      await expect(createMockGroqServer({ knownModelsOnly: value as unknown as boolean })).rejects.toThrow(new RangeError(`knownModelsOnly must be true or false, got ${shown}.`));
    }
  });

  it('rejects a host that is not an address or a host name with a RangeError naming the option, before listening', async () => {
    // A URL or host:port failed with getaddrinfo ENOTFOUND, a number with a TypeError after listening, and an empty host listened on every interface.
    for (const [value, shown] of [['', '""'], ['http://127.0.0.1', '"http://127.0.0.1"'], ['127.0.0.1:8080', '"127.0.0.1:8080"'], ['[::1]', '"[::1]"'], [42, '42']] as const) {
      await expect(createMockGroqServer({ host: value as unknown as string })).rejects.toThrow(
        new RangeError(`host must be an IP address (::1 without brackets) or a host name such as 127.0.0.1 or localhost, got ${shown}.`),
      );
    }
  });

  it('rejects a host that is another machine address with a RangeError naming the option, keeping the cause', async () => {
    // 192.0.2.1 is a documentation address (RFC 5737): binding to it fails at once, with no traffic.
    const error = await createMockGroqServer({ host: '192.0.2.1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('host "192.0.2.1" is not an address of this machine (EADDRNOTAVAIL): listen on 127.0.0.1, ::1, localhost or another of its own addresses.');
    expect((error as Error).cause).toMatchObject({ code: 'EADDRNOTAVAIL' });
  });

  it('rejects when the port is taken', async () => {
    const server = await createMockGroqServer();
    try {
      await expect(createMockGroqServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await server.close();
    }
  });

  it('closes promptly even with a stalled stream and an idle keep-alive connection open, and only once', async () => {
    const server = await createMockGroqServer();
    await readChunks(await postChat(server.url, chatBody('keep-alive')));
    const response = await postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'stall' });
    await readFrames(response, 2);
    // Left alone, the stall never ends: a close() that waited for it would fail by the test's timeout.
    await Promise.all([server.close(), server.close()]);
    expect(server.stats().streamsAborted).toBe(1);
    await expect(fetch(`${server.url}/__mock/stats`)).rejects.toThrow();
  });

  // A pooled client reuses an idle connection within the `Keep-Alive: timeout=5` it was told, and must find it
  // open; the mock sets this rather than inherit Node's default, which Node 26 raised to 65 s.
  it('keeps an idle connection open for the 5 s its answer advertises, then closes it', async () => {
    const server = await createMockGroqServer();
    const socket = connect(server.port, '127.0.0.1');
    try {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      // Awaited, not polled for with a limit of its own: a server that kept the connection far longer (Node
      // 26's 65 s) fails by the test's timeout, and one that never closed it too.
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
      const sent = performance.now();
      socket.write('GET /openai/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-key\r\n\r\n');
      const closedAt = await closed;
      expect(isCompleteResponse(text)).toBe(true);
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text).toMatch(/\r\nKeep-Alive: timeout=5\r\n/i);
      // Node closes it 5 s after the answer (6 s from Node 24.6, which adds keepAliveTimeoutBuffer). Counted
      // from the request, which came before the answer, and to when this side saw the close: a loaded machine
      // can only make that longer, never shorter. Less 1 ms, as Node's timers count whole milliseconds.
      expect(closedAt - sent).toBeGreaterThanOrEqual(5000 - 1);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});

/** Whether `text` holds a whole HTTP/1.1 response with a `Content-Length` body. */
function isCompleteResponse(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  const length = /\r\ncontent-length: (\d+)\r\n/i.exec(text.slice(0, end))?.[1];
  return end !== -1 && length !== undefined && Buffer.byteLength(text.slice(end + 4)) >= Number(length);
}

describe('resetStats', () => {
  it('leaves out of the new counts a stream that was under way at the reset', async () => {
    // A test that reset the counters (in beforeEach) saw the end of the previous test's stream: here
    // { streamsStarted: 0, streamsAborted: 1 }, a stream that ended without having started.
    const server = await createMockGroqServer();
    const controller = new AbortController();
    const response = await postChat(server.url, chatBody('before the reset'), { 'x-mock-scenario': 'stall' }, controller.signal);
    await readFrames(response, 4);
    server.resetStats();
    controller.abort();
    // Resolves with stats() final, whether the abort reached the server first or close() cut the stream.
    await server.close();
    expect(server.stats()).toEqual({ requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
  });
});

describe('streamsAborted', () => {
  let server: MockGroqServer;
  beforeAll(async () => {
    server = await createMockGroqServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.resetStats());

  // Each case aborts while the server sits in a different wait, each an hour away or more: noticing the
  // abort only when the wait ends (the next paced write, the TTFT) or never (a stall) fails by the timeout.
  it.each([
    ['a paced stream', { 'x-mock-tokens-per-second': String(1 / 3600), 'x-mock-tokens': '100' }, 1],
    ['a stall', { 'x-mock-scenario': 'stall' }, 4],
    ['the TTFT wait', { 'x-mock-ttft-ms': '3600000' }, 0],
  ])('rises promptly when the client aborts during %s', async (_, headers: Record<string, string>, framesFirst: number) => {
    const controller = new AbortController();
    const response = await postChat(server.url, chatBody('abort me'), headers, controller.signal);
    if (framesFirst > 0) await readFrames(response, framesFirst);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 0 });
    controller.abort();
    await waitUntil(() => server.stats().streamsAborted === 1, 15_000);
    expect(await fetchStats(server.url)).toEqual({ requests: 1, streamsStarted: 1, streamsCompleted: 0, streamsAborted: 1, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
  });

  it('rises when the client gives up during slow-headers', async () => {
    const controller = new AbortController();
    // The headers an hour away: counting the abort only when they were due fails by the timeout.
    const pending = postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '3600000' }, controller.signal);
    await waitUntil(() => server.stats().streamsStarted === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitUntil(() => server.stats().streamsAborted === 1, 15_000);
  });

  it('rises when a raw socket closes mid-stream', async () => {
    const { port } = server;
    const body = JSON.stringify(chatBody('raw'));
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/openai/v1/chat/completions', headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'x-mock-tokens-per-second': '5' } },
        (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        },
      );
      request.once('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
      request.end(body);
    });
    await waitUntil(() => server.stats().streamsAborted === 1);
  });

  it('rises for a stalled stream, and counts nothing for a request pipelined behind it, when the client closes the connection', async () => {
    // Node closes only the response that holds the socket: the one queued behind it never closed, so its
    // stream stayed started but neither completed, aborted nor failed. The mock handles a pipelined request only
    // once the answers before it are out: this one's turn never came, and it is neither counted nor started.
    const body = JSON.stringify(chatBody('queued'));
    const head = (extra: string): string =>
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
    const socket = connect(server.port, '127.0.0.1');
    socket.on('data', () => undefined);
    socket.write(head('x-mock-scenario: stall\r\n') + head(''));
    await waitUntil(() => server.stats().streamsStarted === 1);
    socket.destroy();
    await waitUntil(() => server.stats().streamsAborted === 1);
    expect(await fetchStats(server.url)).toEqual({ requests: 1, streamsStarted: 1, streamsCompleted: 0, streamsAborted: 1, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
    expect(server.requests()).toHaveLength(1);
  });

  it('counts no stream for a request that is not streaming whose client leaves while it waits or stalls', async () => {
    const waiting = new AbortController();
    const waited = postChat(server.url, chatBody('x', { stream: false }), { 'x-mock-ttft-ms': '10000' }, waiting.signal);
    const stalling = new AbortController();
    const stalled = postChat(server.url, chatBody('x', { stream: false }), { 'x-mock-scenario': 'stall' }, stalling.signal);
    await waitUntil(() => server.stats().requests === 2);
    // A stall that is not streaming sends nothing at all, not even headers.
    expect(await Promise.race([stalled.then(() => 'answer'), new Promise((resolve) => setTimeout(resolve, 300, 'silence'))])).toBe('silence');
    waiting.abort();
    stalling.abort();
    await expect(waited).rejects.toThrow();
    await expect(stalled).rejects.toThrow();
    expect((await postChat(server.url, chatBody('x', { stream: false }))).status).toBe(200);
    expect(await fetchStats(server.url)).toEqual({ requests: 3, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
  });

  it('does not rise for streams that complete or that the mock ends on purpose', async () => {
    await readChunks(await postChat(server.url, chatBody('x')));
    await (await postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'mid-stream-error' })).text();
    await (await postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'drop' })).text().catch(() => undefined);
    // Counted once each has ended at the mock, which may come after the client read the end.
    await waitUntil(() => server.stats().streamsCompleted + server.stats().streamsFailed + server.stats().streamsAborted === 3);
    expect(server.stats()).toEqual({ requests: 3, streamsStarted: 3, streamsCompleted: 1, streamsAborted: 0, streamsFailed: 2, streamsOpen: 0, streamsReleased: 0 });
  });
});
