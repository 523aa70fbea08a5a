import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRequestId } from './create-ids.js';
import { createGroqHeaders } from './groq-headers.js';
import { groqError } from './send-json.js';

/** Node's parser errors that have their own status; any other is a 400. */
const CLIENT_ERROR_STATUSES: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * The server's `clientError` listener: bytes that are not a valid HTTP/1.1 request (headers over the
 * limit, a request line or `Content-Length` Node cannot parse) get an error answer like any other, with
 * Groq's headers and error body, where Node's default sends a bare status line. As Node does, it writes
 * nothing into a response already under way on that connection, and closes the connection after.
 *
 * @param responses - the responses in progress on that socket.
 * @param usedRequests - the requests of the server's budget now used, for the rate-limit headers; an
 *   unparsable request is not counted.
 */
export function respondToClientError(
  error: Error & { code?: string },
  socket: Duplex,
  responses: readonly ServerResponse[],
  usedRequests: () => number,
): void {
  const underWay = responses.some((response) => response.headersSent);
  if (!socket.writable || underWay || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUSES[error.code ?? ''] ?? 400;
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify(groqError(`${reason}: the request is not valid HTTP/1.1 (${error.code ?? error.message}).`, 'invalid_request_error'));
  const headers = {
    ...createGroqHeaders(createRequestId(), usedRequests()),
    'access-control-allow-origin': '*',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head}\r\n${body}`, () => socket.destroy());
}
