import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Groq } from './groq.js';
import type { ClientOptions } from './index.js';

/** Helpers of the relay integration tests (pipe and middleware): a real server, a real client. */

/** What {@link registerMockUpstream} starts for a test file: the mock Groq server and a client of it. */
export interface MockUpstream {
  mock: MockGroqServer;
  client: Groq;
}

/**
 * Registers the hooks that the relay test files share. Before the file's tests: the mock Groq server, and a client
 * of it (`clientOptions` with the mock's URL), handed to `started`. After each test: the servers it pushed onto
 * the returned list closed (open streams cut), and the mock's counts reset. After all: the mock closed. The files
 * assign the two to variables of their own in `started`, since their tests read `mock` and `client` everywhere.
 */
export function registerMockUpstream(
  clientOptions: Omit<ClientOptions, 'baseURL'>,
  started: (upstream: MockUpstream) => void,
): { close: () => Promise<void> }[] {
  const servers: { close: () => Promise<void> }[] = [];
  let mock: MockGroqServer | undefined;
  beforeAll(async () => {
    mock = await createMockGroqServer();
    started({ mock, client: new Groq({ ...clientOptions, baseURL: mock.url }) });
  });
  afterAll(() => mock?.close());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    mock?.resetStats();
  });
  return servers;
}

/** A server on 127.0.0.1, port 0; `close()` also cuts open streams. */
export async function listen(handler: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { eventually } from '@groq-stream/core/test';

/** A raw SSE frame as it arrived, with the time it was complete (ms since `start`). */
export interface TimedFrame {
  text: string;
  at: number;
}

/**
 * Reads a response body frame by frame (frames end with a blank line), noting when each arrived, and
 * calls `onFrame` as each one is complete (return false to stop reading and cancel the body).
 */
export async function readTimedFrames(
  response: Response,
  start: number,
  onFrame: (frame: TimedFrame, index: number) => boolean | void = () => true,
): Promise<TimedFrame[]> {
  const frames: TimedFrame[] = [];
  const decoder = new TextDecoder();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return frames;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = { text: buffer.slice(0, end + 2), at: performance.now() - start };
      buffer = buffer.slice(end + 2);
      frames.push(frame);
      if (onFrame(frame, frames.length - 1) === false) {
        await reader.cancel();
        return frames;
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

/** The data frames among `frames` (heartbeat comments left out). */
export const dataFrames = (frames: TimedFrame[]): TimedFrame[] => frames.filter((frame) => frame.text.startsWith('data: '));

/** A deferred value, for results that a server handler produces. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * A `fetch` for a test's Groq client whose answers' SSE events are let out only as the test says: none until
 * `allow()` (one more each call, or `Infinity` for the rest), `letOut()` counting those gone. The mock's whole
 * answer is read first, unpaced; only what the client can read of it is held back. A relay's progress can then be
 * checked event by event (a chunk held back for the next one is never followed by it, and the test times out),
 * or a long time to first token last until the test has seen what it waits for, however slow the machine.
 */
export function gatedFetch(): { fetch: typeof fetch; allow: (events?: number) => void; letOut: () => number } {
  let allowed = 0;
  let letOut = 0;
  const waiting = new Set<() => void>();
  const gated: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok || response.body === null) return response;
    const events = (await response.text()).split(/(?<=\n\n)/).filter((event) => event !== '');
    let next = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (next === events.length) return controller.close();
        while (letOut >= allowed) await new Promise<void>((resolve) => waiting.add(resolve));
        letOut += 1;
        controller.enqueue(encoder.encode(events[next++]));
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const allow = (events = 1): void => {
    allowed += events;
    for (const wake of waiting) wake();
    waiting.clear();
  };
  return { fetch: gated, allow, letOut: () => letOut };
}

/**
 * Reads `response`'s frames with `gate` (a {@link gatedFetch}) letting the upstream's next event out each time a
 * data frame has arrived, none before the first (let that one out first): the data frames, and how many events
 * had been let out as each arrived. A relay that passes each chunk on as it comes makes that 1, 2, 3, ...
 */
export async function readInLockstep(response: Response, gate: ReturnType<typeof gatedFetch>): Promise<{ frames: TimedFrame[]; letOutAtArrival: number[] }> {
  const letOutAtArrival: number[] = [];
  const frames = dataFrames(
    await readTimedFrames(response, performance.now(), (frame) => {
      if (!frame.text.startsWith('data: ')) return;
      letOutAtArrival.push(gate.letOut());
      gate.allow();
    }),
  );
  return { frames, letOutAtArrival };
}
