import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, parseSseFrames, waitUntil } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

/**
 * Sends one request on a raw socket and shuts the write side right after it, as `nc -N`, `socat` and
 * some scripted clients do; resolves with everything the server sent until it closed.
 */
function halfClosedRequest(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const text = JSON.stringify(body);
  const head = Object.entries({ authorization: 'Bearer k', 'content-type': 'application/json', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.end(`POST /openai/v1/chat/completions HTTP/1.1\r\nhost: mock\r\n${head}content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.once('error', reject);
    socket.once('close', () => resolve(received));
  });
}

/** The payload of a chunked body; throws when the body was cut before its last chunk. */
function dechunk(body: string): string {
  let payload = '';
  let rest = Buffer.from(body);
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd === -1) throw new Error('The chunked body was cut off');
    const size = Number.parseInt(rest.subarray(0, lineEnd).toString(), 16);
    if (size === 0) return payload;
    payload += rest.subarray(lineEnd + 2, lineEnd + 2 + size).toString();
    rest = rest.subarray(lineEnd + 4 + size);
  }
}

describe('a client that half-closes after its request', () => {
  it('still gets the whole paced stream', async () => {
    const received = await halfClosedRequest(chatBody('half-closed'), { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '8' });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const frames = parseSseFrames(dechunk(received.slice(received.indexOf('\r\n\r\n') + 4)));
    expect(frames.at(-1)?.data).toBe('[DONE]');
    // The role chunk, 8 tokens, the last chunk.
    expect(frames.length).toBe(11);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  it('still gets the whole paced answer without streaming', async () => {
    const received = await halfClosedRequest(chatBody('half-closed', { stream: false }), { 'x-mock-tokens-per-second': '40', 'x-mock-tokens': '8' });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const completion = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as { choices: { finish_reason: string }[] };
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('is let go once the answer stays silent, as in a stall, since a client that closed looks the same', async () => {
    const received = await halfClosedRequest(chatBody('half-closed'), { 'x-mock-scenario': 'stall' });
    expect(received).toContain('"content":":"');
    await waitUntil(() => server.stats().streamsAborted === 1);
  });
});
