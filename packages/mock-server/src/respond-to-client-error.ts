import { maxHeaderSize, METHODS, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { connectionLimits } from './connection-limits.js';
import { endWithErrorAnswer } from './end-with-error-answer.js';
import { SERVER_METHODS } from './handle-request.js';
import { groqError } from './send-json.js';
import { shorten } from './shorten.js';

const seconds = (ms: number): string => `${ms / 1000} s`;

/**
 * Node's parser errors that have their own status, each with what was wrong and what to do; any other is a
 * 400 that names Node's code. Node gives one code for both 408 limits, so the message names both.
 */
const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message: `the request's headers are over ${maxHeaderSize / 1024} KiB together, the server's limit. Send fewer or shorter headers.`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    message: "the chunked body's chunk extensions are over 16 KiB, the server's limit. Send the body without chunk extensions.",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message:
      `the request did not arrive in time: its headers must be complete within ${seconds(connectionLimits.headersTimeout)} and all of it within ` +
      `${seconds(connectionLimits.requestTimeout)} of its first byte. Send the whole request without pausing.`,
  },
};

// RFC 9112 section 3 asks a 414 for a request target longer than the server parses.
const REQUEST_LINE_OVERFLOW = {
  status: 414,
  message: `the request line is over ${maxHeaderSize / 1024} KiB, the server's limit for it and the headers together. Send a shorter URL.`,
};

/**
 * Whether a header overflow came in a request line: Node has one code for a request line and headers over its
 * limit, but its parser stops at the end of the part it was reading, in the packet it gives with the error. A
 * line there that starts with a method and a target is a request line; one that began in an earlier packet (a
 * client that writes its URL in pieces) cannot be told, and keeps the headers' 431.
 */
function isRequestLineOverflow(error: { rawPacket?: unknown; bytesParsed?: unknown }): boolean {
  if (!Buffer.isBuffer(error.rawPacket) || typeof error.bytesParsed !== 'number') return false;
  const parsed = error.rawPacket.subarray(0, error.bytesParsed);
  // A header line never matches: its name ends with a colon, and holds no space.
  return /^[A-Z]+ \S*$/.test(parsed.subarray(parsed.lastIndexOf(0x0a) + 1).toString('latin1'));
}

const LONGEST_METHOD = Math.max(...METHODS.map((method) => method.length));

// RFC 9112 section 3: method SP request-target SP HTTP-version, the method a token (RFC 9110 section 5.6.2).
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) \S+ HTTP\/1\.[01]\r?$/;

/**
 * The method of a request line that Node's parser refused for its method alone (`HPE_INVALID_METHOD`): a token it
 * does not know (`BREW`, `get`), which RFC 9110 section 9.1 answers with a 501; undefined for bytes that are no
 * request line (`HELLO`), which keep their 400. The parser stops after the part of the method that begins one it
 * knows (the `B` of `BREW`, the `GET` of `GETS`), in the packet it gives with the error: the method starts that
 * far before, and the line must end in that packet (one written in pieces cannot be told, and keeps the 400).
 */
function unknownMethod(error: { code?: string; rawPacket?: unknown; bytesParsed?: unknown }): string | undefined {
  if (error.code !== 'HPE_INVALID_METHOD' || !Buffer.isBuffer(error.rawPacket) || typeof error.bytesParsed !== 'number') return undefined;
  const packet = error.rawPacket.toString('latin1');
  const stop = error.bytesParsed;
  let start = stop;
  for (let length = 1; length <= Math.min(stop, LONGEST_METHOD); length += 1) {
    const known = packet.slice(stop - length, stop);
    if (METHODS.some((method) => method.startsWith(known))) start = stop - length;
  }
  const end = packet.indexOf('\n', start);
  return end < 0 ? undefined : REQUEST_LINE.exec(packet.slice(start, end))?.[1];
}

/**
 * The server's `clientError` listener: bytes that are not a valid HTTP/1.1 request (headers over the
 * limit, a request line or `Content-Length` Node cannot parse) get an error answer like any other, with
 * Groq's headers and error body, where Node's default sends a bare status line; a request line whose only fault is
 * a method Node does not know gets a 501, with `allow` (see `unknownMethod`). Unlike Node, which cuts the
 * connection at once (losing any answer under way or owed on it) or writes its 400 ahead of an owed answer, it
 * sends the answers owed to earlier requests first, then its own, then closes the connection. Bytes after a
 * request that ends the connection (`Connection: close`, HTTP/1.0 without keep-alive; Node's parser fails on
 * them with HPE_CLOSED_CONNECTION) get no answer: Node closes the connection once that request's answer is out,
 * as RFC 9112 section 9.6 asks (answer that request, process nothing after it).
 *
 * @param responses - the responses in progress on that socket.
 * @param usedRequests - the requests of the server's budget now used, for the rate-limit headers; an
 *   unparsable request is not counted.
 */
export function respondToClientError(
  error: Error & { code?: string; rawPacket?: unknown; bytesParsed?: unknown },
  socket: Duplex,
  responses: readonly ServerResponse[],
  usedRequests: () => number,
): void {
  if (error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const method = unknownMethod(error);
  if (method !== undefined) {
    const list = SERVER_METHODS.replace(/, (?=[^,]*$)/, ' and ');
    const message = `Not Implemented: this server does not know the method ${shorten(method)} (methods are case-sensitive). It takes ${list}.`;
    endWithErrorAnswer(socket, responses, 501, groqError(message, 'invalid_request_error'), usedRequests, { allow: SERVER_METHODS });
    return;
  }
  const known = error.code === 'HPE_HEADER_OVERFLOW' && isRequestLineOverflow(error) ? REQUEST_LINE_OVERFLOW : CLIENT_ERRORS[error.code ?? ''];
  const status = known?.status ?? 400;
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  const message =
    known?.message ??
    `the request is not valid HTTP/1.1 (${error.code ?? error.message}). Check the request line, Content-Length and Transfer-Encoding that the client sends.`;
  endWithErrorAnswer(socket, responses, status, groqError(`${reason}: ${message}`, 'invalid_request_error'), usedRequests);
}
