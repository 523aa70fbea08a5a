import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { checkBodyFormat } from './check-body-format.js';
import { connectionLimits } from './connection-limits.js';
import { createRequestId } from './create-ids.js';
import { createGroqHeaders } from './groq-headers.js';
import { handleChatCompletion } from './handle-chat-completion.js';
import { handleResponsesRequest } from './handle-responses-request.js';
import { hostHeaderProblem } from './host-header-problem.js';
import type { MockServerContext } from './mock-server-context.js';
import { mockModels, modelNotFoundError } from './models.js';
import { isCredentialHeader } from './is-credential-header.js';
import { isTooLargeToContinue, readRequestBody } from './read-request-body.js';
import { requestPath } from './request-path.js';
import { groqError, sendJson } from './send-json.js';
import { shorten } from './shorten.js';
import { requestedServiceTier, type ChatRequest } from './validate-chat-request.js';
import { waitForTurn } from './wait-for-turn.js';

const CHAT_COMPLETIONS_PATH = '/openai/v1/chat/completions';
const RESPONSES_PATH = '/openai/v1/responses';
const MODELS_PATH = '/openai/v1/models';
// `GET /openai/v1/models/{model}`; ids such as `openai/gpt-oss-20b` come URL-encoded or not.
const MODEL_PATH_PREFIX = `${MODELS_PATH}/`;
const MODEL_ROUTE = `${MODEL_PATH_PREFIX}{model}`;
const ROUTE_METHODS: Record<string, string> = {
  [CHAT_COMPLETIONS_PATH]: 'POST',
  [RESPONSES_PATH]: 'POST',
  [MODELS_PATH]: 'GET',
  [MODEL_ROUTE]: 'GET',
  '/__mock/stats': 'GET',
  '/__mock/requests': 'GET',
  '/__mock/reset': 'POST',
};
/** Every method the server takes, as `allow` lists them for the whole server (`OPTIONS *`). */
export const SERVER_METHODS = 'GET, HEAD, POST, OPTIONS';
// Browser tests may call the mock directly, and read Groq's headers.
const EXPOSED_HEADERS =
  'x-request-id, x-groq-region, retry-after, x-ratelimit-limit-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-requests, ' +
  'x-ratelimit-remaining-tokens, x-ratelimit-reset-requests, x-ratelimit-reset-tokens';

/** The server's request listener: CORS, control endpoints, request recording, auth, routing. */
export function createRequestHandler(context: MockServerContext): RequestListener {
  return serve(context, false);
}

// The listener of both events: `expectsContinue` for `checkContinue`, whose requests wait for `100 Continue`.
function serve(context: MockServerContext, expectsContinue: boolean): RequestListener {
  return (request, response) => {
    // HTTP/1.0 has no chunked coding (RFC 9112 section 6.1), but Node uses it for a response of unknown
    // length when the request sends `TE: chunked`, and with `Connection: keep-alive` keeps the connection
    // open after it: an HTTP/1.0 client would read the chunk sizes as events, then wait for ever. Without
    // chunking, Node ends such a response (a stream) by closing the connection, as HTTP/1.0 expects.
    if (request.httpVersionMajor === 1 && request.httpVersionMinor === 0) response.useChunkedEncodingByDefault = false;
    handleRequest(context, request, response, expectsContinue).catch((error: unknown) => {
      // A bug in the mock must show up in the test that hit it, not hang it.
      if (response.headersSent) {
        response.destroy(error instanceof Error ? error : undefined);
      } else {
        sendJson(response, 500, groqError(`The mock server failed: ${String(error)}`, 'internal_server_error'));
      }
    });
  };
}

/**
 * The server's `checkContinue` listener, for `Expect: 100-continue`: handles the request as any other, but
 * sends `100 Continue` only once the request would be answered with its body, as Node lets such a listener do.
 * A request to an unknown path, with the wrong method or key, or with a body announced over the limit gets no
 * `100 Continue`: its 404, 405, 401 or 413 is answered at once, so that the client does not upload what would
 * be refused, and Node closes the connection after it, since the body was never read.
 */
export function createContinueHandler(context: MockServerContext): RequestListener {
  return serve(context, true);
}

/**
 * The server's `checkExpectation` listener, for an `Expect` other than `100-continue`: 417 as Node answers it,
 * but with Groq's headers and error body where Node's is bare. Neither counted nor recorded; the body is
 * left unread (Node drops it) and the connection goes on.
 */
export function createExpectationFailedHandler(context: MockServerContext): RequestListener {
  return (request, response) => {
    // Node checks Host before Expect when it does the checks itself: a request without it is not HTTP/1.1.
    if (refusedForHost(context, request, response)) return;
    const message = 'Expectation Failed: the only expectation this server meets is "Expect: 100-continue"; send the request without the Expect header.';
    refuse(context, request, response, 417, message);
  };
}

/**
 * Answers 400 (and closes the connection) for a request whose Host header RFC 9112 has refused: none in
 * HTTP/1.1, several, or one that is no host. Node checks only the first, with a bare 400, and the server leaves
 * that to the mock (`requireHostHeader: false`). Not valid HTTP: neither counted nor recorded. Returns whether it answered.
 */
function refusedForHost(context: MockServerContext, request: IncomingMessage, response: ServerResponse): boolean {
  const problem = hostHeaderProblem(request);
  if (problem === undefined) return false;
  refuse(context, request, response, 400, `Bad Request: the request is not valid HTTP/1.1 (${problem}).`, { connection: 'close' });
  return true;
}

/** Answers a request the mock does not serve with Groq's error body, and its headers outside `/__mock/*`. */
function refuse(context: MockServerContext, request: IncomingMessage, response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (!requestPath(request.url ?? '/').startsWith('/__mock/')) {
    setCorsHeaders(response);
    setGroqHeaders(response, createRequestId(), context.requestBudgets.on_demand.used());
  }
  sendJson(response, status, groqError(message, 'invalid_request_error'), headers);
}

/**
 * Answers 204, keeping the connection of an HTTP/1.0 client that asked for it (`Connection: keep-alive`), as
 * every other answer does. Node keeps an HTTP/1.0 connection only after an answer whose length it announces,
 * and a 204 may not carry a Content-Length (RFC 9110 section 8.6): it closed the connection after an `OPTIONS`
 * or `POST /__mock/reset`. A 204 ends with its headers, so it can say `keep-alive` itself, as Node does for HTTP/1.1.
 */
function sendNoContent(response: ServerResponse, headers: OutgoingHttpHeaders = {}): void {
  const { httpVersionMajor, httpVersionMinor } = response.req;
  const keepHttp10Connection = httpVersionMajor === 1 && httpVersionMinor === 0 && response.shouldKeepAlive;
  const keepAlive = { connection: 'keep-alive', 'keep-alive': `timeout=${connectionLimits.keepAliveTimeout / 1000}` };
  response.writeHead(204, keepHttp10Connection ? { ...headers, ...keepAlive } : headers).end();
}

// Not on `/__mock/*`: any page the developer visits could otherwise read the recorded conversations.
function setCorsHeaders(response: ServerResponse): void {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

async function handleRequest(context: MockServerContext, request: IncomingMessage, response: ServerResponse, expectsContinue: boolean): Promise<void> {
  // Pipelined requests are handled one at a time, each once the answers before it are out (RFC 9112 section 9.3.2
  // lets a server process only safe methods in parallel), and not at all when the connection closed before
  // (section 9.6): Node emits every request it parses at once, and the mock counted, recorded and answered them
  // all, a request behind a dropped or closing answer too, whose client never got that answer. Its body is read
  // meanwhile, as before: the client's bytes keep being read while an answer before it is under way.
  const turn = waitForTurn(response);
  if (refusedForHost(context, request, response)) return;
  const method = request.method ?? 'GET';
  const path = requestPath(request.url ?? '/');
  const control = path.startsWith('/__mock/');
  if (!control) setCorsHeaders(response);
  const route = path.startsWith(MODEL_PATH_PREFIX) && path.length > MODEL_PATH_PREFIX.length ? MODEL_ROUTE : path;
  const allowedMethod = ROUTE_METHODS[route];
  if (method === 'OPTIONS') {
    // Groq's headers go on every response outside `/__mock/`, preflights too. A preflight is the
    // browser's, not the app's, so it is neither counted nor recorded.
    if (!control) setGroqHeaders(response, createRequestId(), context.requestBudgets.on_demand.used());
    // RFC 9110: an OPTIONS answer says what the target allows (`*` is the whole server); an unknown path, nothing.
    const allow = path === '*' ? SERVER_METHODS : allowedMethod && allowHeader(allowedMethod);
    sendNoContent(response, {
      ...(allow ? { allow } : {}),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'authorization, content-type',
      'access-control-max-age': '600',
    });
    return;
  }
  // RFC 9110: HEAD is answered wherever GET is, with the GET's status and headers; Node drops the body.
  const routeMethod = method === 'HEAD' && allowedMethod === 'GET' ? 'GET' : method;
  if (control) {
    // The body is never used; a client waiting for `100 Continue` is told to send it only where no 404 or 405 comes.
    const accepted = allowedMethod === routeMethod;
    if (expectsContinue && accepted) response.writeContinue();
    if (!expectsContinue || accepted) request.resume();
    if (!(await turn)) return;
    if (allowedMethod !== undefined && allowedMethod !== routeMethod) return methodNotAllowed(response, method, path, allowedMethod);
    if (path === '/__mock/stats') return sendJson(response, 200, context.stats.snapshot());
    if (path === '/__mock/requests') return sendJson(response, 200, context.stats.requests());
    if (path === '/__mock/reset') {
      context.reset();
      sendNoContent(response);
      return;
    }
    return notFound(response, method, path);
  }

  const key = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const keyRefused = key === undefined || (context.apiKeys !== undefined && !context.apiKeys.has(key));
  // Refused whatever the body says: a client that waits for `100 Continue` gets the answer instead, unsent body.
  const refused = allowedMethod === undefined || allowedMethod !== routeMethod || keyRefused;
  if (expectsContinue && !refused && !isTooLargeToContinue(request)) response.writeContinue();
  const received = expectsContinue && refused ? { text: '', utf8: true, tooLarge: false } : await readRequestBody(request);
  // The body never came in full (its client left, or `clientError` answers what Node could not parse):
  // nothing to answer here, and the request is neither counted nor recorded.
  if (received === undefined) return;
  if (!(await turn)) return;
  const { text, tooLarge } = received;
  context.stats.counters.requests += 1;
  const requestId = createRequestId();
  const body = parseBody(text, checkBodyFormat(request.headers, received));
  // The rate limits of the tier the body asks for, once the request is one for an answer that is read: the body's 400
  // for another field, or a model_not_found 404, is an answer on that tier too. A request refused before (401, a 404
  // for its path, 405, 413) is on on_demand.
  const answerRoute = (path === CHAT_COMPLETIONS_PATH || path === RESPONSES_PATH) && allowedMethod === routeMethod && !keyRefused && !tooLarge;
  const tier = answerRoute && 'json' in body ? requestedServiceTier(body.json) : 'on_demand';
  setGroqHeaders(response, requestId, context.requestBudgets[tier].spend(), tier);
  context.stats.record({ method, path, headers: redact(request.headers), body: 'json' in body && writable(body.json) ? body.json : text || undefined });

  if (allowedMethod === undefined) return notFound(response, method, path);
  if (allowedMethod !== routeMethod) return methodNotAllowed(response, method, path, allowedMethod);
  if (keyRefused) return sendJson(response, 401, groqError('Invalid API Key', 'invalid_request_error', 'invalid_api_key'));
  if (tooLarge) return sendJson(response, 413, groqError('Request Entity Too Large', 'invalid_request_error', 'request_too_large'));
  if (path === MODELS_PATH) return sendJson(response, 200, { object: 'list', data: mockModels });
  if (route === MODEL_ROUTE) return sendModel(response, path.slice(MODEL_PATH_PREFIX.length));

  const abort = new AbortController();
  // Also fires after a normal end, when aborting is harmless: nothing waits any more.
  response.once('close', () => abort.abort());
  const exchange = { request, response, body, requestId, signal: abort.signal };
  await (path === RESPONSES_PATH ? handleResponsesRequest(context, exchange) : handleChatCompletion(context, exchange));
}

function setGroqHeaders(response: ServerResponse, requestId: string, usedRequests: number, serviceTier: ChatRequest['serviceTier'] = 'on_demand'): void {
  for (const [name, value] of Object.entries(createGroqHeaders(requestId, usedRequests, serviceTier))) response.setHeader(name, value);
}

// A body in the wrong format is recorded as its text, and refused with `unreadable` as the message.
function parseBody(text: string, unreadable: string | undefined): { json: unknown; text: string } | { invalid: string } {
  if (text === '') return { invalid: 'The request body is not valid JSON: the body is empty' };
  if (unreadable !== undefined) return { invalid: unreadable };
  try {
    return { json: JSON.parse(text) as unknown, text };
  } catch (error) {
    return { invalid: `The request body is not valid JSON: ${(error as Error).message}` };
  }
}

function sendModel(response: ServerResponse, encodedId: string): void {
  let id = encodedId;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    // Not valid percent-encoding: look the id up as it came.
  }
  const model = mockModels.find((known) => known.id === id);
  if (model === undefined) return sendJson(response, 404, modelNotFoundError(id));
  sendJson(response, 200, model);
}

// Values that are credentials whatever header carries them.
const CREDENTIAL_VALUES = /\b(?:Bearer|Basic)\s|gsk_/i;

function redact(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isCredentialHeader(name) || CREDENTIAL_VALUES.test(String(value)) ? '[redacted]' : value]),
  );
}

function notFound(response: ServerResponse, method: string, path: string): void {
  sendJson(
    response,
    404,
    // Groq's words, with the path cut short as the 405's is: any path reaches here.
    groqError(
      `Unknown request URL: ${method} ${shorten(path)}. Please check the URL for typos, or see the docs at https://console.groq.com/docs/`,
      'invalid_request_error',
      'unknown_url',
    ),
  );
}

function methodNotAllowed(response: ServerResponse, method: string, path: string, allowed: string): void {
  sendJson(
    response,
    405,
    // The path is cut short: a model's route takes any id, and a 10 KB one made a 10 KB message. Node's parser
    // takes only the methods it knows, so the method is short.
    groqError(`Method ${method} is not allowed on ${shorten(path)}; use ${allowed}.`, 'invalid_request_error', 'method_not_allowed'),
    { allow: allowHeader(allowed) },
  );
}

// The methods a route takes, as `allow` lists them (RFC 9110): HEAD wherever GET is, and OPTIONS, which every
// path answers. A 405 and an OPTIONS answer for the same route give the same list.
function allowHeader(method: string): string {
  return `${method === 'GET' ? 'GET, HEAD' : method}, OPTIONS`;
}

/**
 * Whether `JSON.stringify` can write `value` back: JSON nested deeper than the stack allows parses, but would
 * make `GET /__mock/requests` fail for every request after it. Such a body is recorded as its text.
 */
function writable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
