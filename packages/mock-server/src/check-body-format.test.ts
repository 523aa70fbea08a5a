import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, MODEL } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const json = JSON.stringify(chatBody('café', { stream: false }));

/** Posts `body` with exactly `headers` (node:http adds no content-type of its own, unlike fetch). */
function post(body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; body: { error?: { message: string; type: string; code?: string }; choices?: unknown[] } }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/openai/v1/chat/completions', headers: { authorization: 'Bearer k', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as never }));
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

describe('the format of a chat-completions body', () => {
  it('answers 400 invalid_request_error for JSON declared in a charset other than UTF-8', async () => {
    const response = await post(json, { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ message: expect.stringMatching(/^Unsupported charset "iso-8859-1": the JSON body must be UTF-8/), type: 'invalid_request_error' });
  });

  it('answers 400 for a gzip body, naming the encoding', async () => {
    const response = await post(gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      message: 'The request body must not be compressed (content-encoding: gzip): send the JSON as it is, with content-type: application/json.',
      type: 'invalid_request_error',
    });
  });

  it('answers 400 for a body compressed by its transfer coding, which Node passes on undecoded, naming the coding', async () => {
    const response = await post(gzipSync(json), { 'content-type': 'application/json', 'transfer-encoding': 'gzip, chunked' });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      message: 'The request body must not be compressed (transfer-encoding: gzip, chunked): send the JSON as it is, with content-type: application/json.',
      type: 'invalid_request_error',
    });
  });

  it('answers 400 for a body that is not UTF-8, rather than answering with U+FFFD in place of its letters', async () => {
    const response = await post(Buffer.from(json, 'latin1'), { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ message: 'The request body is not valid UTF-8: send the JSON encoded as UTF-8.', type: 'invalid_request_error' });
  });

  it('answers 400 for JSON behind a UTF-8 byte order mark, naming the mark and what to do, rather than quoting an invisible token', async () => {
    const response = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      message:
        'The request body is not valid JSON: it starts with a UTF-8 byte order mark (bytes EF BB BF), which JSON does not allow; send the JSON without it (saved as UTF-8 without BOM).',
      type: 'invalid_request_error',
    });
  });

  it.each([
    ['application/json', { 'content-type': 'application/json' }],
    ['a UTF-8 charset', { 'content-type': 'application/json; charset=utf-8' }],
    ['a quoted charset in capitals', { 'content-type': 'Application/JSON;charset="UTF-8"' }],
    ['text/plain, as fetch labels a string body', { 'content-type': 'text/plain;charset=UTF-8' }],
    ['curl -d without a content-type of its own', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content-type', {}],
  ])('answers JSON sent as %s', async (_, headers: Record<string, string>) => {
    const response = await post(json, headers);
    expect(response.status).toBe(200);
    expect(response.body.choices).toHaveLength(1);
  });

  it('answers what groq-sdk and openai send', async () => {
    const messages = [{ role: 'user' as const, content: 'café' }];
    const groq = new Groq({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });
    expect((await groq.chat.completions.create({ model: MODEL, messages })).choices).toHaveLength(1);
    expect((await openai.chat.completions.create({ model: MODEL, messages })).choices).toHaveLength(1);
  });
});
