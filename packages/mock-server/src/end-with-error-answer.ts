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
 * An answer under way, or one still owed to a request read in full before (pipelined, and not answered yet: a
 * paced or delayed answer, or one whose handler has not run): written now, the error would come inside that
 * answer or ahead of it, and the client would take it for its earlier request's answer (RFC 9112 answers
 * requests in order). The connection is closed without this answer instead, as for one under way.
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
  const owed = responses.some((response) => response.headersSent || response.req.complete);
  if (!socket.writable || owed) {
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
