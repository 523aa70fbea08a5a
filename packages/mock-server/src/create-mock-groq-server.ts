import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { createContinueHandler, createExpectationFailedHandler, createRequestHandler } from './handle-request.js';
import { listenOnHost } from './listen-on-host.js';
import { parseApiKeys, parseBoolean, parseHost, parseNonNegative, parsePort, parseTokenCount, type MockGroqServerOptions, type RequestSettings } from './mock-groq-server-options.js';
import type { MockServerContext } from './mock-server-context.js';
import { createMockStats, type MockServerStats, type RecordedRequest } from './mock-stats.js';
import { createRequestBudget } from './request-budget.js';
import { respondToClientError } from './respond-to-client-error.js';
import { createScenarioCounter, parseScenario } from './scenarios.js';
import { watchHalfClosedSocket } from './watch-half-closed-socket.js';

// The connection limits that the README promises. Node's defaults are these today, but they are Node's to
// change (Node 26 keeps idle connections 65 s), and a client's pool depends on them: one that keeps idle
// connections longer than the server must expect them to be closed under it. So they are set, not inherited.
/** How long a connection may stay idle after an answer, advertised in every answer as `Keep-Alive: timeout=5`. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/**
 * How much longer than advertised Node waits before it closes an idle connection, so that a client that
 * honours `timeout=5` closes first: 1 s, as Node before 24.6 has it fixed (it ignores this option) and later ones by default.
 */
const KEEP_ALIVE_TIMEOUT_BUFFER_MS = 1_000;
/** A request whose headers are not complete this long after its first byte gets a 408 (a connection that sends nothing: after it opened). */
const HEADERS_TIMEOUT_MS = 60_000;
/** A request not complete, body included, this long after its first byte gets a 408. Node requires it not below the headers timeout. */
const REQUEST_TIMEOUT_MS = 300_000;
/**
 * How often Node looks for requests over those two limits: the 408 comes at the first look after the limit.
 * Node's default, 30 s, would make "60 s" anything up to 90 s.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** A running mock server, from {@link createMockGroqServer}. */
export interface MockGroqServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`; groq-sdk takes it as `baseURL`. */
  readonly url: string;
  /** The port it listens on: the one asked for, or the free one the system chose for port 0. */
  readonly port: number;
  /** Stops the server and destroys open sockets (stalled streams too), so it never hangs. Idempotent. */
  close(): Promise<void>;
  /** A copy of the counters, as `GET /__mock/stats` returns them. */
  stats(): MockServerStats;
  /** Zeroes the counters, forgets recorded requests, restarts every scenario's fail-times count and refills the request budget. */
  resetStats(): void;
  /** The most recent requests (oldest first), with credential headers redacted. */
  requests(): RecordedRequest[];
}

/**
 * Starts a mock of Groq's chat-completions API (`/openai/v1/chat/completions`, and the beta Responses API at
 * `/openai/v1/responses`) on 127.0.0.1 (by default on a free port).
 *
 * @example
 * ```ts
 * const server = await createMockGroqServer({ tokensPerSecond: 50 });
 * const groq = new Groq({ apiKey: 'test', baseURL: server.url });
 * // ...
 * await server.close();
 * ```
 * @throws RangeError for an invalid option or a host that is no address of this machine; Error for a host
 * name that cannot be resolved right now (`EAI_AGAIN`); rejects with the runtime's error when the port cannot
 * be bound (`EADDRINUSE`, ...).
 */
export async function createMockGroqServer(options: MockGroqServerOptions = {}): Promise<MockGroqServer> {
  const host = parseHost(options.host ?? '127.0.0.1', 'host');
  const port = parsePort(options.port ?? 0, 'port');
  const stats = createMockStats(parseNonNegative(options.maxRecordedRequests ?? 100, 'maxRecordedRequests', true));
  const scenarios = createScenarioCounter();
  const requestBudget = createRequestBudget();
  const reset = (): void => {
    stats.reset();
    scenarios.reset();
    requestBudget.reset();
  };
  const context: MockServerContext = {
    defaults: resolveDefaults(options),
    knownModelsOnly: parseBoolean(options.knownModelsOnly ?? false, 'knownModelsOnly'),
    apiKeys: options.apiKeys === undefined ? undefined : new Set(parseApiKeys(options.apiKeys, 'apiKeys')),
    stats,
    requestBudget,
    scenarios,
    reset,
  };
  // The responses in progress on each socket (more than one when requests are pipelined), so that an
  // unparsable request never writes into one of them.
  const responses = new WeakMap<object, Set<ServerResponse>>();
  const track = (listener: RequestListener): RequestListener => (request, response) => {
    const { socket } = request;
    let open = responses.get(socket);
    if (open === undefined) responses.set(socket, (open = new Set()));
    open.add(response);
    response.once('close', () => open.delete(response));
    listener(request, response);
  };
  // Node answers a missing Host and an unknown Expect itself, with a bare status: the mock answers them in
  // Groq's shape instead (see handle-request.ts).
  const server = createServer(
    {
      requireHostHeader: false,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      keepAliveTimeoutBuffer: KEEP_ALIVE_TIMEOUT_BUFFER_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    track(createRequestHandler(context)),
  );
  // Node sends `100 Continue` itself to every client that waits for it: the mock refuses a body announced
  // over its limit before it is uploaded instead.
  server.on('checkContinue', track(createContinueHandler(context)));
  server.on('checkExpectation', track(createExpectationFailedHandler(context)));
  server.on('clientError', (error: Error & { code?: string }, socket) =>
    respondToClientError(error, socket, [...(responses.get(socket) ?? [])], () => requestBudget.used()),
  );
  // By default Node's server ends a connection on the client's FIN, cutting the answer under way. With this
  // flag it finishes the answer and closes the connection after it, so that a client that only half-closed
  // gets its answer; watchHalfClosedSocket tells such a client from one that closed, whose stream must still
  // count as aborted at once.
  // `httpAllowHalfOpen` is the flag Node's server reads on a FIN (socketOnEnd); @types/node omits it.
  (server as typeof server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  await listenOnHost(server, port, host);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Node's server sees the FIN first (its listener came first) and marks the answer under way as the last.
    socket.once('end', () => watchHalfClosedSocket(socket, () => [...(responses.get(socket) ?? [])]));
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close() {
      // Waits for every socket's 'close' (not only the server's callback, which comes first) so that
      // streams cut by the shutdown are already counted in `stats()` when this resolves.
      closed ??= Promise.all([
        new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
        ...[...sockets].map((socket) => {
          const socketClosed = once(socket, 'close');
          socket.destroy();
          return socketClosed;
        }),
      ]).then(() => undefined);
      return closed;
    },
    stats: () => stats.snapshot(),
    resetStats: reset,
    requests: () => stats.requests(),
  };
}

function resolveDefaults(options: MockGroqServerOptions): RequestSettings {
  return {
    scenario: parseScenario(options.scenario ?? 'none', 'scenario'),
    failTimes: options.failTimes === undefined ? undefined : parseNonNegative(options.failTimes, 'failTimes', true),
    tokensPerSecond: parseNonNegative(options.tokensPerSecond ?? 0, 'tokensPerSecond', false),
    ttftMs: parseNonNegative(options.ttftMs ?? 0, 'ttftMs', false),
    tokens: options.tokens === undefined ? undefined : parseTokenCount(options.tokens, 'tokens'),
  };
}
