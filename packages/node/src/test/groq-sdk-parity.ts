/**
 * The harness of groq-sdk-parity.test.ts: runs one program, written against groq-sdk's API as a function of the
 * client's constructor, with groq-sdk and with one of our clients (this package's `Groq` on `node:http`, or
 * `@groq-stream/web`'s on the global `fetch`), and describes what each observed (value or error, the requests
 * the server received, its streams) with what differs on every request normalised.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockGroqServer } from '@groq-stream/mock-server';
import { eventually } from '@groq-stream/core/test';
import { Groq as WebGroq } from '@groq-stream/web';
import GroqSDK from 'groq-sdk';
import { Groq } from '../groq.js';

/** A program sees the client as groq-sdk types it: that is the code a user migrates. */
export type ClientClass = typeof GroqSDK;
export type Program = (Client: ClientClass) => Promise<unknown>;

/** Our clients, each compared with groq-sdk: both promise that migrating changes only the import line. */
export const ourClients: ReadonlyArray<readonly [name: '@groq-stream/node' | '@groq-stream/web', Client: ClientClass]> = [
  ['@groq-stream/node', Groq as unknown as ClientClass],
  ['@groq-stream/web', WebGroq as unknown as ClientClass],
];

/** groq-sdk's error classes, most specific first: a thrown error is described by the first it is an instance of. */
const sdkErrorNames = [
  'APIConnectionTimeoutError', 'APIUserAbortError', 'APIConnectionError', 'BadRequestError', 'AuthenticationError',
  'PermissionDeniedError', 'NotFoundError', 'ConflictError', 'UnprocessableEntityError', 'RateLimitError',
  'InternalServerError', 'APIError', 'GroqError',
] as const;

/** Response headers whose value is the same on every request; `x-request-id` is only checked to be there. */
const stableResponseHeaders = ['content-type', 'retry-after', 'x-ratelimit-limit-requests', 'x-ratelimit-limit-tokens'];

/**
 * Request headers that differ by design (README, "headers sent"), or per connection: every other header the
 * server received must be the same.
 */
const headersThatDiffer = new Set(['user-agent', 'accept', 'accept-encoding', 'accept-language', 'sec-fetch-mode', 'host', 'connection', 'keep-alive']);

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A server the programs talk to, and what it saw. */
export interface Target {
  url: string;
  reset: () => void;
  seen: () => SeenRequest[];
  /** Resolves once the server has no stream open (it noticed every abort). */
  settled: () => Promise<void>;
  /** The server's count of streams, where it keeps one. */
  streams?: () => Outcome['streams'];
}

export interface Outcome {
  value?: unknown;
  thrown?: unknown;
  requests: SeenRequest[];
  streams?: { started: number; completed: number; aborted: number };
}

/** The mock as a {@link Target}: what it recorded (credentials redacted), and its streams' counts. */
export function targetOfMock(mock: MockGroqServer): Target {
  return {
    url: mock.url,
    reset: () => mock.resetStats(),
    seen: () => mock.requests().map(({ method, path, headers, body }) => ({ method, path, headers: comparableHeaders(headers), body })),
    settled: () =>
      eventually(() => {
        const stats = mock.stats();
        return stats.streamsStarted === stats.streamsCompleted + stats.streamsAborted + stats.streamsFailed;
      }),
    streams: () => {
      const stats = mock.stats();
      return { started: stats.streamsStarted, completed: stats.streamsCompleted, aborted: stats.streamsAborted };
    },
  };
}

/** Runs `program` against `target` with groq-sdk (`theirs`), then with `Ours` (`ours`). */
export async function outcomesOn(target: Target, program: Program, Ours: ClientClass): Promise<{ theirs: Outcome; ours: Outcome }> {
  const theirs = await outcomeOf(GroqSDK, program, target);
  return { theirs, ours: await outcomeOf(Ours, program, target) };
}

async function outcomeOf(Client: ClientClass, program: Program, target: Target): Promise<Outcome> {
  target.reset();
  let outcome: Omit<Outcome, 'requests'>;
  try {
    outcome = { value: normalise(await program(Client)) };
  } catch (error) {
    outcome = { thrown: describeThrown(error, Client) };
  }
  await target.settled();
  return {
    ...outcome,
    requests: target.seen().map((request) => normalise(request) as SeenRequest),
    ...(target.streams && { streams: target.streams() }),
  };
}

/** What a groq-sdk user can observe of an error: its groq-sdk class, `instanceof` the client's statics, fields. */
export function describeThrown(error: unknown, Client: ClientClass): unknown {
  if (!(error instanceof Error)) return { notAnError: error };
  const statics = Client as unknown as Record<string, new (...args: never[]) => Error>;
  const sdkClass = sdkErrorNames.find((name) => error instanceof statics[name]!) ?? `not a GroqError: ${error.constructor.name}`;
  const fields = error as Error & { status?: unknown; error?: unknown; headers?: unknown };
  return {
    sdkClass,
    isAPIError: error instanceof Client.APIError,
    status: fields.status,
    error: normalise(fields.error),
    headers: fields.headers instanceof Headers ? describeHeaders(fields.headers) : fields.headers,
  };
}

export function describeHeaders(headers: Headers): Record<string, unknown> {
  const stable = Object.fromEntries(stableResponseHeaders.flatMap((name) => (headers.has(name) ? [[name, headers.get(name)]] : [])));
  return { ...stable, hasRequestId: /^req_/.test(headers.get('x-request-id') ?? '') };
}

function comparableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      headersThatDiffer.has(name) || name.startsWith('x-stainless-') || value === undefined ? [] : [[name, String(value)]],
    ),
  );
}

/** Replaces what differs on every request (ids, the time of the answer, times in seconds) with a placeholder. */
function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalise(item, name)]));
  }
  if (typeof value === 'string' && /^(chatcmpl-|req_|call_)/.test(value)) return '<id>';
  if (typeof value === 'number' && (key.endsWith('_time') || (key === 'created' && value > Date.now() / 1000 - 86_400))) return `<${key}>`;
  return value;
}

export async function collect(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const chunks: unknown[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/**
 * A raw HTTP server on 127.0.0.1 for what the mock has no scenario for: it records every request (its
 * path with the query) and answers with `respond`.
 */
export async function rawServer(respond: (request: IncomingMessage, response: ServerResponse) => void): Promise<Target & { close: () => Promise<void> }> {
  let seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (text += piece));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: comparableHeaders(request.headers), body: text ? JSON.parse(text) : undefined });
      respond(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => (seen = []),
    seen: () => seen,
    settled: async () => undefined,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A `fetch` shaped like node-fetch's, which groq-sdk reads: its response's body is the Node stream of the
 * answer, not a web `ReadableStream`.
 */
export function nodeStreamFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method, headers: Object.fromEntries(new Headers(init.headers)) }, (answer) => {
      const text = async () => {
        let text = '';
        for await (const piece of answer) text += piece;
        return text;
      };
      const headers = new Headers(Object.entries(answer.headers).map(([name, value]): [string, string] => [name, String(value)]));
      const status = answer.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 300, status, statusText: answer.statusMessage, headers, url, redirected: false, body: answer, text, json: async () => JSON.parse(await text()) } as unknown as Response);
    });
    init.signal?.addEventListener('abort', () => request.destroy(new DOMException('This operation was aborted', 'AbortError')));
    request.on('error', reject);
    request.end(init.body as string | undefined);
  });
}
