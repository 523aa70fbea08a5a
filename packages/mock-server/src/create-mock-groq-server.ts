import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { closeIdleSocket } from './close-idle-socket.js';
import { connectionLimits } from './connection-limits.js';
import { createContinueHandler, createExpectationFailedHandler, createRequestHandler } from './handle-request.js';
import { listenOnHost } from './listen-on-host.js';
import { parseApiKeys, parseBoolean, parseHost, parseNonNegative, parsePort, parseTokenCount, type MockGroqServerOptions, type RequestSettings } from './mock-groq-server-options.js';
import type { MockServerContext } from './mock-server-context.js';
import { createMockStats, type MockServerStats, type RecordedRequest } from './mock-stats.js';
import { createTierRequestBudgets } from './request-budget.js';
import { respondToClientError } from './respond-to-client-error.js';
import { respondToConnect } from './respond-to-connect.js';
import { createScenarioCounter, parseScenario } from './scenarios.js';
import { watchHalfClosedSocket } from './watch-half-closed-socket.js';

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
  /**
   * Zeroes the counters, forgets recorded requests, restarts every scenario's fail-times count and refills the
   * request budgets (one a service tier). A stream under way is left out of the new counts, its end included.
   */
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
  const requestBudgets = createTierRequestBudgets();
  const reset = (): void => {
    stats.reset();
    scenarios.reset();
    for (const budget of Object.values(requestBudgets)) budget.reset();
  };
  const context: MockServerContext = {
    defaults: resolveDefaults(options),
    knownModelsOnly: parseBoolean(options.knownModelsOnly ?? false, 'knownModelsOnly'),
    apiKeys: options.apiKeys === undefined ? undefined : new Set(parseApiKeys(options.apiKeys, 'apiKeys')),
    stats,
    requestBudgets,
    scenarios,
    closing: false,
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
    { requireHostHeader: false, ...connectionLimits },
    track(createRequestHandler(context)),
  );
  // Node sends `100 Continue` itself to every client that waits for it: the mock refuses a body announced
  // over its limit before it is uploaded instead.
  server.on('checkContinue', track(createContinueHandler(context)));
  server.on('checkExpectation', track(createExpectationFailedHandler(context)));
  // With a listener, Node leaves closing a connection whose timeout came to it: one that was idle past its
  // keep-alive limit while the loop was blocked may have a request waiting unread (see closeIdleSocket).
  server.on('timeout', closeIdleSocket);
  server.on('clientError', (error: Error & { code?: string }, socket) =>
    respondToClientError(error, socket, [...(responses.get(socket) ?? [])], () => requestBudgets.on_demand.used()),
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
    socket.once('close', () => {
      sockets.delete(socket);
      closeQueuedResponses(socket, responses.get(socket));
    });
    // Node's server sees the FIN first (its listener came first) and marks the answer under way as the last.
    socket.once('end', () => watchHalfClosedSocket(socket, () => [...(responses.get(socket) ?? [])]));
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  server.on('connect', (_request, socket: Socket) =>
    respondToConnect(socket, url, [...(responses.get(socket) ?? [])], () => requestBudgets.on_demand.used()),
  );
  let closed: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    close() {
      context.closing = true;
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

/**
 * Closes the responses of pipelined requests still waiting for their turn on a socket that closed. Node closes
 * only the response that holds the socket: one queued behind it never got 'close', and its handler, which waits
 * for that turn before it counts or answers anything, waited for ever. They are closed here as Node closes the
 * one that holds the socket.
 */
function closeQueuedResponses(socket: Socket, open: ReadonlySet<ServerResponse> | undefined): void {
  for (const response of [...(open ?? [])]) {
    // The response that holds the socket gets its 'close' from Node.
    if (response.socket === socket) continue;
    response.destroy();
    response.emit('close');
  }
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
