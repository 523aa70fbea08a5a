import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRequestId } from './create-ids.js';
import { createGroqHeaders } from './groq-headers.js';
import type { GroqErrorBody } from './send-json.js';

/**
 * Writes an error answer straight on a socket that Node's HTTP server no longer answers on (bytes it could not
 * parse, a CONNECT), with Groq's headers and error body as every other answer has them, then closes the
 * connection. Node's own answer there is a bare status line, or nothing.
 *
 * Answers still owed on the connection come first (RFC 9112 answers requests in order): one under way, and any
 * to a request read in full before these bytes (pipelined, and not answered yet: a paced or delayed answer, or
 * one whose handler has not run). This answer waits until they are all out, so that the client neither takes
 * it for an earlier request's answer nor loses that answer; when the connection closes first (a stalled
 * stream whose client left), nothing is written.
 *
 * @param responses - the responses in progress on that socket.
 * @param usedRequests - the requests of the server's budget now used, for the rate-limit headers; the
 *   request answered here is not counted.
 */
export function endWithErrorAnswer(
  socket: Duplex,
  responses: readonly ServerResponse[],
  status: number,
  body: GroqErrorBody,
  usedRequests: () => number,
  headers: Record<string, string> = {},
): void {
  // Node's parser fails again on every later piece of bytes: one answer is enough, and a second call, finding
  // the connection ending, would destroy it before the first answer is sent.
  if (answering.has(socket)) return;
  answering.add(socket);
  const owed = owedAnswers(responses);
  if (owed.length === 0) return writeErrorAnswer(socket, status, body, usedRequests, headers);
  // A response's 'close' comes once it is finished, or once its connection is gone.
  void Promise.all(owed.map((response) => new Promise((resolve) => response.once('close', resolve)))).then(() =>
    writeErrorAnswer(socket, status, body, usedRequests, headers),
  );
}

/** The responses still owed to their clients on a connection: under way, or to a request read in full. */
export function owedAnswers(responses: readonly ServerResponse[]): ServerResponse[] {
  return responses.filter((response) => response.headersSent || response.req.complete);
}

// Sockets whose error answer is coming.
const answering = new WeakSet<Duplex>();

function writeErrorAnswer(socket: Duplex, status: number, body: GroqErrorBody, usedRequests: () => number, headers: Record<string, string>): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  const allHeaders = {
    ...createGroqHeaders(createRequestId(), usedRequests()),
    'access-control-allow-origin': '*',
    ...headers,
    // RFC 9110 section 6.6.1: an origin server with a clock sends Date on every 2xx, 3xx and 4xx answer, as Node does on the others.
    date: new Date().toUTCString(),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    connection: 'close',
  };
  const head = Object.entries(allHeaders).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n${head}\r\n${text}`, () => socket.destroy());
}
