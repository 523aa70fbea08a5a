import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { eventually } from '@groq-stream/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';

const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const model = 'llama-3.3-70b-versatile';
// The first token 15 s away, far beyond eventually's limit: a connection let go only when it came would fail.
const slowFirstToken = { headers: { 'x-mock-ttft-ms': '15000' } };
let mock: MockGroqServer;
let client: Groq;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey: 'gsk_test_key', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(() => mock.resetStats());

// An async generator's return() and throw() wait for the next() in progress: textDeltas() left that way held
// the upstream stream until its next token came, or until the idle timeout.
describe('textDeltas() left while it waits for a token', () => {
  test('return() releases the upstream at once', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, slowFirstToken);
    const deltas = stream.textDeltas();
    const first = deltas.next();
    await eventually(() => mock.stats().streamsStarted === 1);
    const returned = deltas.return();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(await first).toEqual({ value: undefined, done: true });
    await returned;
  });

  test('Readable.from() of it, destroyed, releases the upstream at once', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, slowFirstToken);
    const text = Readable.from(stream.textDeltas());
    // Reading starts on a later tick: destroyed before that, the generator would not have started.
    text.resume();
    await new Promise((resolve) => setImmediate(resolve));
    text.destroy();
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('piped to a server response with pipeline(), a browser that leaves releases the upstream at once', async () => {
    const piped: Promise<unknown>[] = [];
    const app: Server = createServer((request, response) => {
      piped.push(
        (async () => {
          const stream = await client.chat.completions.create({ model, messages, stream: true }, slowFirstToken);
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).flushHeaders();
          // pipeline() destroys the source with an error (premature close) when the response closes first.
          await pipeline(Readable.from(stream.textDeltas()), response);
        })().catch((error: unknown) => error),
      );
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const browser = httpRequest({ host: '127.0.0.1', port: (app.address() as AddressInfo).port, method: 'POST', agent: false });
      browser.on('error', () => undefined);
      const answered = new Promise((resolve) => browser.once('response', resolve));
      browser.end();
      await answered;
      browser.destroy();
      await eventually(() => mock.stats().streamsAborted === 1);
      expect(await piped[0]).toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
