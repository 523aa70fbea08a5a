import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, expectGroqHeaders } from './test/mock-test-helpers.js';
import { parseRawResponse, rawExchange } from './test/raw-http-response.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());


// A client told to use the mock as its proxy (HTTPS_PROXY=http://127.0.0.1:PORT, curl -x, Python's set_tunnel)
// asks it for a tunnel to Groq. Node's server closed such a connection without a word, as it does when nothing
// listens for CONNECT: curl said "Proxy CONNECT aborted", Python "Remote end closed connection without
// response", and nothing told the developer to use the mock as the base URL instead.
describe('a CONNECT request (a client using the mock as its proxy)', () => {
  it('is answered 405 with Groq headers and body saying to use the mock as the base URL, then the connection is closed', async () => {
    const response = parseRawResponse(await rawExchange(server.port, 'CONNECT api.groq.com:443 HTTP/1.1\r\nHost: api.groq.com:443\r\n\r\n'));
    expect(response.status).toBe(405);
    expectGroqHeaders(new Headers(response.headers));
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(response.headers.connection).toBe('close');
    expect(response.headers.date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.body)));
    expect(JSON.parse(response.body)).toEqual({
      error: {
        message:
          `Method CONNECT is not allowed: this server is a mock of Groq's API, not a proxy. Give the client ${server.url} as its base URL ` +
          `(${server.url}/openai/v1 for OpenAI's SDKs) instead of as its proxy.`,
        type: 'invalid_request_error',
        code: 'method_not_allowed',
      },
    });
    expect(response.rest).toBe('');
    // Not a request to Groq's API: neither counted nor recorded, as the 417 for another Expect.
    expect(server.stats().requests).toBe(0);
    expect(server.requests()).toEqual([]);
  });

  it("reaches node:http's client as a refused tunnel, with the status and the body", async () => {
    const { response, body } = await new Promise<{ response: IncomingMessage; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: server.port, method: 'CONNECT', path: 'api.groq.com:443' });
      request.once('connect', (response: IncomingMessage, socket, head: Buffer) => {
        let body = head.toString('utf8');
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (body += chunk));
        socket.once('close', () => resolve({ response, body }));
      });
      request.once('error', reject);
      request.end();
    });
    expect(response.statusCode).toBe(405);
    expect(response.statusMessage).toBe('Method Not Allowed');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('closes the connection when it comes pipelined behind a request whose answer is still owed', async () => {
    // Node hands the socket over with its listeners off, 'drain' among them: the answer owed to the chat request
    // stalled at the first full buffer, and the connection stayed open, neither the stream nor the 405 ever ending.
    const body = JSON.stringify(chatBody('x'));
    const text = await rawExchange(server.port, 
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nX-Mock-Tokens: 20000\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        'CONNECT api.groq.com:443 HTTP/1.1\r\nHost: api.groq.com:443\r\n\r\n',
    );
    expect(text).not.toContain('HTTP/1.1 405');
  });

  it('goes on serving when the client resets the connection before the answer', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.once('error', reject);
      socket.write('CONNECT api.groq.com:443 HTTP/1.1\r\nHost: api.groq.com:443\r\n\r\n', () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    const response = await fetch(`${server.url}/openai/v1/models`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(200);
  });
});
