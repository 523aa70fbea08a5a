import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, fetchStats } from './test/mock-test-helpers.js';
import { parseRawResponse, rawExchange, type RawResponse } from './test/raw-http-response.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const KEY = 'Authorization: Bearer k\r\n';

function post(prompt: string, extra: Record<string, unknown> = {}, headers = ''): string {
  const json = JSON.stringify(chatBody(prompt, { stream: false, ...extra }));
  return `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\n${KEY}Content-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

function get(path: string, headers = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\n${KEY}${headers}\r\n`;
}

/** Every answer on a connection, in the order they came. */
function answers(text: string): RawResponse[] {
  const all: RawResponse[] = [];
  for (let rest = text; rest !== ''; rest = all.at(-1)!.rest) all.push(parseRawResponse(rest));
  return all;
}

// What a test reads of the recorded requests: the method, the path and the prompt of a chat request.
const recorded = (): string[] =>
  server.requests().map(({ method, path, body }) => [method, path, (body as { messages?: { content: string }[] } | undefined)?.messages?.[0]?.content].filter(Boolean).join(' '));

describe('requests pipelined in one packet', () => {
  it('are counted, recorded and answered in the order they came', async () => {
    // A request with a body was recorded only after the bodiless ones behind it (its read took more turns), and it
    // spent the request budget after them: its answer said more requests remained than the one after it.
    const text = await rawExchange(
      server.port,
      post('first') + get('/openai/v1/models') + post('third') + get('/nope') + get('/openai/v1/models/x', 'Connection: close\r\n'),
    );
    const all = answers(text);
    expect(all.map((answer) => answer.status)).toEqual([200, 200, 200, 404, 404]);
    expect(recorded()).toEqual([
      'POST /openai/v1/chat/completions first',
      'GET /openai/v1/models',
      'POST /openai/v1/chat/completions third',
      'GET /nope',
      'GET /openai/v1/models/x',
    ]);
    const remaining = all.map((answer) => Number(answer.headers['x-ratelimit-remaining-requests']));
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(new Set(remaining).size).toBe(5);
  });
});

// RFC 9112 section 9.6: a server that closes the connection after an answer processes no request after it.
describe('a request pipelined behind an answer that closes the connection', () => {
  it.each([
    ['a 400 for a request without Host (Connection: close)', `GET /openai/v1/models HTTP/1.1\r\n${KEY}\r\n`, [400], 0],
    ['a 404 to a request that waits for 100 Continue (Node closes the connection: 100 Continue was never sent)', `POST /nope HTTP/1.1\r\nHost: x\r\n${KEY}Expect: 100-continue\r\nContent-Length: 2\r\n\r\n{}`, [404], 1],
    ['a drop (no answer at all)', post('dropped', {}, 'X-Mock-Scenario: drop\r\n'), [], 1],
    ['a streamed drop', post('dropped', { stream: true }, 'X-Mock-Scenario: drop\r\n'), [200], 1],
  ])('is neither counted, recorded nor answered: %s', async (_, first, statuses, counted) => {
    // It was counted and recorded (a stream behind it counted as started and aborted), but never answered.
    const text = await rawExchange(server.port, first + post('behind', { stream: true }) + get('/openai/v1/models'));
    expect(text.match(/^HTTP\/1\.1 \d+/gm)?.map((line) => Number(line.slice(9))) ?? []).toEqual(statuses);
    const streamed = first.includes('"stream":true') ? 1 : 0;
    // Asked on another connection, by when the server has seen this one close.
    expect(await fetchStats(server.url)).toEqual({ requests: counted, streamsStarted: streamed, streamsCompleted: 0, streamsAborted: 0, streamsFailed: streamed, streamsOpen: 0, streamsReleased: 0 });
    expect(recorded()).toHaveLength(counted);
    expect(recorded().join()).not.toMatch(/behind|models/);
  });
});

describe('a stream pipelined behind another', () => {
  it('is paced as it is sent, not generated meanwhile and sent in one burst', async () => {
    // 6 tokens at 20 a second: the second answer's tokens take 250 ms from its first chunk to its last.
    const paced = 'X-Mock-Tokens-Per-Second: 20\r\nX-Mock-Tokens: 6\r\n';
    const socket = connect(server.port, '127.0.0.1');
    const arrivals: { at: number; text: string }[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => arrivals.push({ at: performance.now(), text }));
    socket.write(post('first', { stream: true }, paced) + post('second', { stream: true }, `${paced}Connection: close\r\n`));
    await once(socket, 'close');
    const text = arrivals.map((arrival) => arrival.text).join('');
    const [first, second] = answers(text);
    expect(second!.body.endsWith('data: [DONE]\n\n')).toBe(true);
    // The piece in which the second answer began.
    const secondStart = text.length - first!.rest.length;
    let received = 0;
    const startedAt = arrivals.find((arrival) => (received += arrival.text.length) > secondStart)!.at;
    expect(arrivals.at(-1)!.at - startedAt).toBeGreaterThanOrEqual(200);
  });
});
