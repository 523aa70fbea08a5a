import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { expect, it } from 'vitest';
import { endWithErrorAnswer } from './end-with-error-answer.js';
import { groqError } from './send-json.js';

/** A socket that takes a while to send each write (a full send buffer), and loses what it had not sent when destroyed. */
function slowSocket(): { socket: Duplex; sent: () => string } {
  let sent = '';
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      setTimeout(() => {
        if (!socket.destroyed) sent += chunk.toString('utf8');
        done();
      }, 10);
    },
  });
  return { socket, sent: () => sent };
}

/** A response owed on the connection: read in full, not finished yet. */
function owedResponse(): ServerResponse {
  return Object.assign(new EventEmitter(), { headersSent: false, req: { complete: true } }) as unknown as ServerResponse;
}

it('answers once after the owed answers, whole, when more bytes fail to parse while it waits', async () => {
  // Node's parser fails again on every later piece of bytes, and each failure waited for the owed answer: the
  // first then wrote its answer, and the second, finding the connection ending, destroyed it before the answer
  // was sent.
  const { socket, sent } = slowSocket();
  const response = owedResponse();
  const body = groqError('Bad Request: the request is not valid HTTP/1.1 (HPE_INVALID_METHOD).', 'invalid_request_error');
  endWithErrorAnswer(socket, [response], 400, body, () => 0);
  endWithErrorAnswer(socket, [response], 400, body, () => 0);
  response.emit('close');
  await new Promise((resolve) => socket.once('close', resolve));
  expect(sent().match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 400']);
  expect(sent().endsWith(JSON.stringify(body))).toBe(true);
});
