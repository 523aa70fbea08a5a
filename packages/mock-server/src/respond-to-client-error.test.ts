import { maxHeaderSize } from 'node:http';
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { respondToClientError } from './respond-to-client-error.js';
import { chatBody } from './test/mock-test-helpers.js';
import { parseRawResponse, rawExchange } from './test/raw-http-response.js';

/** A socket that keeps what is written to it, and the answer parsed from that. */
function answerTo(code: string | undefined, message = 'Parse Error', parsed: { rawPacket?: Buffer; bytesParsed?: number } = {}): { status: number; reason: string; message: string } {
  let written = '';
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  respondToClientError(Object.assign(new Error(message), { code, ...parsed }), socket, [], () => 0);
  const [, status = '', reason = ''] = /^HTTP\/1\.1 (\d+) ([^\r]+)\r\n/.exec(written) ?? [];
  const body = JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4)) as { error: { message: string } };
  return { status: Number(status), reason, message: body.error.message };
}

describe('respondToClientError', () => {
  it('says, for a request that did not arrive in time, which limits it missed and what to do', () => {
    // It said "the request is not valid HTTP/1.1 (ERR_HTTP_REQUEST_TIMEOUT)": wrong, and no advice.
    const answer = answerTo('ERR_HTTP_REQUEST_TIMEOUT');
    expect(answer.status).toBe(408);
    expect(answer.message).toBe(
      'Request Timeout: the request did not arrive in time: its headers must be complete within 60 s and all of it within 300 s of its first byte. ' +
        'Send the whole request without pausing.',
    );
    expect(answer.message).not.toContain('not valid HTTP');
  });

  it("names the header limit for headers over it (Node's, which a flag can change)", () => {
    const answer = answerTo('HPE_HEADER_OVERFLOW');
    expect(answer).toMatchObject({ status: 431, reason: 'Request Header Fields Too Large' });
    expect(answer.message).toBe(
      `Request Header Fields Too Large: the request's headers are over ${maxHeaderSize / 1024} KiB together, the server's limit. Send fewer or shorter headers.`,
    );
  });

  it('answers 414 and says to send a shorter URL when the request line alone is over the limit', () => {
    // Node has one code for both; where its parser stopped tells them apart. It was the headers' 431.
    const target = `/openai/v1/models/${'a'.repeat(20_000)}`;
    const overflow = (packet: string, stoppedAt: string) => ({ rawPacket: Buffer.from(packet), bytesParsed: Buffer.byteLength(packet.slice(0, packet.indexOf(stoppedAt))) });
    const lineOnly = `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`;
    expect(answerTo('HPE_HEADER_OVERFLOW', 'Header overflow', overflow(lineOnly, ' HTTP/1.1'))).toEqual({
      status: 414,
      reason: 'URI Too Long',
      message: `URI Too Long: the request line is over ${maxHeaderSize / 1024} KiB, the server's limit for it and the headers together. Send a shorter URL.`,
    });
    // Behind a request read in full in the same packet, too.
    const pipelined = `GET /openai/v1/models HTTP/1.1\r\nHost: x\r\n\r\nGET ${target} HTTP/1.1\r\n\r\n`;
    expect(answerTo('HPE_HEADER_OVERFLOW', 'Header overflow', overflow(pipelined, ' HTTP/1.1\r\n\r\n')).status).toBe(414);
    // A header over the limit stays a 431, and so does an overflow whose request line began in an earlier packet.
    const header = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect(answerTo('HPE_HEADER_OVERFLOW', 'Header overflow', overflow(header, '\r\n\r\n')).status).toBe(431);
    expect(answerTo('HPE_HEADER_OVERFLOW', 'Header overflow', overflow(`${'c'.repeat(5000)} HTTP/1.1\r\n\r\n`, ' HTTP')).status).toBe(431);
  });

  it('says what to leave out for chunk extensions over the limit', () => {
    const answer = answerTo('HPE_CHUNK_EXTENSIONS_OVERFLOW');
    expect(answer.status).toBe(413);
    expect(answer.message).toContain('chunk extensions are over 16 KiB');
    expect(answer.message).toContain('Send the body without chunk extensions.');
  });

  it('answers 501 for a request line whose method Node does not know, naming it, wherever the line starts in the packet', () => {
    // Node's parser stops after the part that begins a method it knows: the B of BREW.
    const invalidMethod = (packet: string, method: string) => ({ rawPacket: Buffer.from(packet), bytesParsed: packet.lastIndexOf(method) + 1 });
    const alone = answerTo('HPE_INVALID_METHOD', 'Invalid method encountered', invalidMethod('BREW /pot HTTP/1.1\r\n\r\n', 'BREW'));
    expect(alone).toEqual({
      status: 501,
      reason: 'Not Implemented',
      message: 'Not Implemented: this server does not know the method BREW (methods are case-sensitive). It takes GET, HEAD, POST and OPTIONS.',
    });
    // Behind a request and its body, in the same packet.
    const behindBody = 'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{"a":1}BREW /pot HTTP/1.1\r\n\r\n';
    expect(answerTo('HPE_INVALID_METHOD', 'Invalid method encountered', invalidMethod(behindBody, 'BREW')).message).toContain('the method BREW ');
    // A method of any length is quoted cut short.
    const long = `A${'Z'.repeat(500)} /pot HTTP/1.1\r\n\r\n`;
    expect(answerTo('HPE_INVALID_METHOD', 'Invalid method encountered', { rawPacket: Buffer.from(long), bytesParsed: 1 }).message).toContain('(501 characters in all)');
    // A line that is not a request line, or does not end in the packet, stays a 400.
    expect(answerTo('HPE_INVALID_METHOD', 'Invalid method encountered', { rawPacket: Buffer.from('HELLO\r\n\r\n'), bytesParsed: 2 }).status).toBe(400);
    expect(answerTo('HPE_INVALID_METHOD', 'Invalid method encountered', { rawPacket: Buffer.from('BREW /pot HTTP/1.'), bytesParsed: 1 }).status).toBe(400);
  });

  it("names Node's code for any other parse error, or its message when it has none, and what to check", () => {
    expect(answerTo('HPE_INVALID_METHOD')).toMatchObject({
      status: 400,
      message: 'Bad Request: the request is not valid HTTP/1.1 (HPE_INVALID_METHOD). Check the request line, Content-Length and Transfer-Encoding that the client sends.',
    });
    expect(answerTo(undefined, 'something odd').message).toContain('(something odd)');
  });
});

describe('a server whose connection fails to parse behind a request read in full', () => {
  let server: MockGroqServer;
  beforeAll(async () => {
    server = await createMockGroqServer();
  });
  afterAll(() => server.close());

  it('does not answer that request with the error of the bytes pipelined behind it', async () => {
    const body = JSON.stringify(chatBody('x', { stream: false }));
    // One write: Node reads the chat request in full (its answer is owed, none of it sent), then fails to parse
    // what follows. The mock wrote its 400 for those bytes at once and closed the connection: the client read
    // it as the answer to its chat request, whose own answer was lost.
    const text = await rawExchange(
      server.port,
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}HELLO\r\n\r\n`,
    );
    expect(text.match(/HTTP\/1\.1 \d+/)?.[0]).not.toBe('HTTP/1.1 400');
    // The request's own answer comes first, whole, and only then the 400 for the bytes behind it: the
    // connection was closed without either, and the client lost the answer to a valid request.
    const answer = parseRawResponse(text);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ object: 'chat.completion' });
    const refusal = parseRawResponse(answer.rest);
    expect(refusal).toMatchObject({ status: 400, headers: { connection: 'close' }, rest: '' });
    expect(JSON.parse(refusal.body)).toMatchObject({ error: { message: expect.stringContaining('not valid HTTP/1.1') } });
  });

  // RFC 9112 section 9.6: a server answers the request that says `close` and processes nothing after it on
  // that connection. Node's parser fails on any byte after such a request (HPE_CLOSED_CONNECTION), and the
  // mock closed the connection at once: the request was counted and recorded, but its client got no answer.
  it.each([
    ['a request that says Connection: close', 'GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n'],
    ['an HTTP/1.0 request', 'GET /openai/v1/models HTTP/1.0\r\nAuthorization: Bearer k\r\n\r\n'],
  ])('answers %s and nothing after it, however many bytes follow, then closes the connection', async (_, head) => {
    const next = 'GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n';
    const text = await rawExchange(server.port, head + next + 'HELLO\r\n\r\n');
    const answer = parseRawResponse(text);
    expect(answer).toMatchObject({ status: 200, headers: { connection: 'close' }, rest: '' });
    expect(JSON.parse(answer.body)).toMatchObject({ object: 'list' });
  });
});
