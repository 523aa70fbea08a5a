import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { endWithErrorAnswer, owedAnswers } from './end-with-error-answer.js';
import { SERVER_METHODS } from './handle-request.js';
import { groqError } from './send-json.js';

/**
 * The server's `connect` listener: a client told to use the mock as its proxy (`HTTPS_PROXY`, `curl -x`,
 * Python's `set_tunnel`) asks it for a tunnel to Groq with `CONNECT api.groq.com:443`. Node's server closes
 * such a connection without a word when nothing listens for CONNECT, and the client says only that the
 * connection was closed. It gets a 405 instead (with `allow` naming every method the server takes, as
 * `OPTIONS *` does), whose message says to give the mock as the base URL, then the connection is closed.
 * Not a request to Groq's API: neither counted nor recorded.
 *
 * @param baseUrl - the mock's URL, `http://127.0.0.1:PORT`.
 * @param responses - the responses in progress on that socket.
 * @param usedRequests - the requests of the server's budget now used, for the rate-limit headers.
 */
export function respondToConnect(socket: Duplex, baseUrl: string, responses: readonly ServerResponse[], usedRequests: () => number): void {
  // Node takes its own listeners off a socket it hands over: without this, a client that resets the
  // connection before the answer is written would crash the server with an unhandled 'error'.
  socket.on('error', () => socket.destroy());
  // Its 'drain' listener too: an answer still owed on the connection (a CONNECT pipelined behind another request)
  // would stall at the first full buffer, and the 405 after it never come. Such a connection is closed at once,
  // as Node closes it.
  if (owedAnswers(responses).length > 0) {
    socket.destroy();
    return;
  }
  const message =
    `Method CONNECT is not allowed: this server is a mock of Groq's API, not a proxy. Give the client ${baseUrl} as its base URL ` +
    `(${baseUrl}/openai/v1 for OpenAI's SDKs) instead of as its proxy.`;
  endWithErrorAnswer(socket, responses, 405, groqError(message, 'invalid_request_error', 'method_not_allowed'), usedRequests, { allow: SERVER_METHODS });
}
