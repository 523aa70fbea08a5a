import { maxHeaderSize } from 'node:http';
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { respondToClientError } from './respond-to-client-error.js';

/** A socket that keeps what is written to it, and the answer parsed from that. */
function answerTo(code: string | undefined, message = 'Parse Error'): { status: number; reason: string; message: string } {
  let written = '';
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  respondToClientError(Object.assign(new Error(message), { code }), socket, [], () => 0);
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

  it('says what to leave out for chunk extensions over the limit', () => {
    const answer = answerTo('HPE_CHUNK_EXTENSIONS_OVERFLOW');
    expect(answer.status).toBe(413);
    expect(answer.message).toContain('chunk extensions are over 16 KiB');
    expect(answer.message).toContain('Send the body without chunk extensions.');
  });

  it("names Node's code for any other parse error, or its message when it has none, and what to check", () => {
    expect(answerTo('HPE_INVALID_METHOD')).toMatchObject({
      status: 400,
      message: 'Bad Request: the request is not valid HTTP/1.1 (HPE_INVALID_METHOD). Check the request line, Content-Length and Transfer-Encoding that the client sends.',
    });
    expect(answerTo(undefined, 'something odd').message).toContain('(something odd)');
  });
});
