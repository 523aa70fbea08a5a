import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APIError } from './errors/api-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { Groq } from './groq.js';
import { rejectionOf } from './test/rejection-of.js';

// Node's global fetch (the undici of Node 20 and 22) decodes a body only when every coding it names is gzip, deflate or
// br: `zstd`, or a list with `identity` in it (`gzip, identity`), comes through as the server's bytes. The client
// then read compressed bytes as an answer and quoted them back as binary, without naming the coding.
const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const completion = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });
const events = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
// A zstd frame's magic number and header, then data: bytes that are not text, in whatever coding they are said to be.
const binaryBytes = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68, 0x69, 0x0a, 0x01, 0x00, 0x00, 0x00]);

let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    const coding = url.searchParams.get('coding')!;
    const stream = url.searchParams.get('type') === 'sse';
    const refused = url.searchParams.get('type') === 'error';
    const text = stream ? events : refused ? JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }) : completion;
    response.writeHead(refused ? 401 : 200, { 'content-type': stream ? 'text/event-stream' : 'application/json', 'content-encoding': coding, 'x-request-id': 'req_zstd' });
    response.end(coding === 'compress' ? binaryBytes : gzipSync(text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  baseURL = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(coding: string, type: 'json' | 'sse' | 'error'): Groq {
  // Node's global fetch, as the client uses it by default; the query says what to answer.
  const fetch = (url: string | URL | Request, init?: RequestInit) => globalThis.fetch(`${String(url)}?coding=${encodeURIComponent(coding)}&type=${type}`, init);
  return new Groq({ apiKey: 'k', baseURL, fetch, maxRetries: 0, timeout: 5_000 });
}

// gzip and br are the codings every runtime's fetch decodes (Node 24, Bun and browsers decode zstd too, Node 20 and 22
// do not; Deno decodes no deflate): the advice names those two, and no runtime's list as every fetch's.
const advice = / Have the server, or a proxy in between, send the body uncompressed or in gzip or br, named alone, which the fetch of Node, Bun, Deno and browsers decodes \(other codings, zstd and deflate among them, only some do\), or pass a fetch that decodes it\.$/;

// `zstd` is passed on by Node 20 and 22 and decoded by Node 24 (which then fails on these bytes, rightly, as a
// body that could not be decoded); `compress`, which no fetch decodes, stands for it on every Node.
describe.each(['compress', 'gzip, identity'])('a body that Node\'s fetch passes on still encoded (content-encoding %j)', (coding) => {
  test('a whole answer names the coding, and says what to do', async () => {
    const error = (await rejectionOf(client(coding, 'json').chat.completions.create({ model, messages }))) as Error;
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toMatch(/^Expected a chat completion \(.*\) but got a body still in content-encoding "[^"]+", which the fetch in use did not decode: application\/json, body "/);
    expect(error.message).toContain(`content-encoding "${coding}"`);
    expect(error.message).toContain(`. [POST /openai/v1/chat/completions, request req_zstd]. Have the server`);
    expect(error.message).toMatch(advice);
  });

  test("an error status's body names the coding, and keeps the status's advice", async () => {
    const error = (await rejectionOf(client(coding, 'error').chat.completions.create({ model, messages }))) as Error;
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(401);
    expect(error.message).toMatch(/^401 Unauthorized \(the error body came still in content-encoding "[^"]+", which the fetch in use did not decode: application\/json, body "/);
    expect(error.message).toContain(`content-encoding "${coding}"`);
    expect(error.message).toMatch(/GROQ_API_KEY|API key/);
  });

  test('a stream names the coding, and says what to do', async () => {
    const stream = await client(coding, 'sse').chat.completions.create({ model, messages, stream: true });
    const error = (await rejectionOf(stream.finalChatCompletion())) as Error;
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect(error.message).toMatch(/^The body was labelled an event stream \(text\/event-stream\) but came still in content-encoding "[^"]+", which the fetch in use did not decode: "/);
    expect(error.message).toContain(`content-encoding "${coding}"`);
    expect(error.message).toMatch(advice);
  });
});

test('a body decoded by fetch that is not the answer keeps its message: the coding, which fetch decoded, is not named', async () => {
  const fetch = (url: string | URL | Request, init?: RequestInit) => globalThis.fetch(`${String(url)}?coding=gzip&type=sse`, init);
  const error = (await rejectionOf(new Groq({ apiKey: 'k', baseURL, fetch, maxRetries: 0 }).chat.completions.create({ model, messages }))) as Error;
  // The events, gzipped and decoded, are no chat completion: said as before.
  expect(error.message).toMatch(/^Expected a chat completion .* but got text\/event-stream, body "data: /);
  expect(error.message).not.toMatch(/content-encoding|still in/);
});
