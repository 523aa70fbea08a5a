import { createServer, type Server, type Socket } from 'node:net';
import type { Plan } from './chaos-plan.js';

// A seeded fault-injecting Groq upstream for relay-faults.test.ts: a raw `node:net` server that answers
// POST /<case>/openai/v1/chat/completions with a Groq-like SSE answer, split into random socket writes,
// framed chunked or close-delimited, and broken by one fault at a chosen byte offset. `analyze()` says
// what a correct reader must report for what was actually sent (`chaos-plan.ts` makes the plans,
// `chaos-expected.ts` analyzes them).

export interface ChaosUpstream {
  url: string;
  serve(name: string, plan: Plan): void;
  /**
   * When the case's connection was let go by the client: closed (both directions), or, after a complete
   * keep-alive response, used for the next request (back in the pool).
   */
  releasedAt(name: string): number | undefined;
  /** How many requests the case got. */
  requests(name: string): number;
  /** Protocol breaches seen: a new request on a connection whose response never ended, and the like. */
  anomalies: string[];
  close(): Promise<void>;
}

export async function startChaosUpstream(): Promise<ChaosUpstream> {
  const plans = new Map<string, Plan>();
  const released = new Map<string, number>();
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const anomalies: string[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let skip = 0;
    /** The case whose response is on this socket, and whether that response ended (so the socket may be reused). */
    let current: { name: string; complete: boolean; timer?: NodeJS.Timeout } | undefined;
    socket.on('close', () => {
      sockets.delete(socket);
      if (current !== undefined && !released.has(current.name)) released.set(current.name, Date.now());
    });
    const onData = (piece: Buffer): void => {
      buffer = Buffer.concat([buffer, piece]);
      for (;;) {
        if (skip > 0) {
          const taken = Math.min(skip, buffer.length);
          buffer = buffer.subarray(taken);
          skip -= taken;
          if (skip > 0) return;
        }
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        const [line = '', ...fields] = head.split('\r\n');
        const header = (field: string): string | undefined =>
          fields.find((candidate) => candidate.toLowerCase().startsWith(`${field}:`))?.slice(field.length + 1).trim();
        skip = Number(header('content-length') ?? 0);
        if (current !== undefined) {
          if (!current.complete) anomalies.push(`case ${current.name}: the client sent another request on the connection while its response was unfinished`);
          if (current.timer) clearTimeout(current.timer);
          if (!released.has(current.name)) released.set(current.name, Date.now());
        }
        const name = (line.split(' ')[1] ?? '').split('/')[1] ?? '';
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const plan = plans.get(name);
        if (plan === undefined || header('authorization') === undefined) return void socket.destroy();
        const state: NonNullable<typeof current> = { name, complete: false };
        current = state;
        void respond(socket, plan, state);
      }
    };
    // Always flowing, so that the client's FIN is seen and the socket closes.
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (name, plan) => void plans.set(name, plan),
    releasedAt: (name) => released.get(name),
    requests: (name) => counts.get(name) ?? 0,
    anomalies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function respond(socket: Socket, plan: Plan, state: { complete: boolean; timer?: NodeJS.Timeout }): Promise<void> {
  const framingHeader = plan.framing === 'chunked' ? 'transfer-encoding: chunked\r\n' : '';
  // With the hint, the server says it keeps an idle connection 1 s, which both clients take as "do not pool"
  // (they keep a margin of 1 s), so it may close it soon after the response. Without the hint it never
  // closes an idle connection: closing one just as the client reuses it would fail that request with
  // "other side closed" (the usual keep-alive race, not a fault under test).
  const keepAliveHeader = plan.keepAliveHint ? 'keep-alive: timeout=1\r\n' : '';
  socket.write(
    `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n${framingHeader}connection: ${plan.connection}\r\n${keepAliveHeader}x-request-id: req_${plan.seed}\r\n\r\n`,
  );
  const edges = [0, ...plan.writes, plan.wire.length];
  for (let index = 1; index < edges.length; index++) {
    if (socket.destroyed) return;
    const piece = plan.wire.subarray(edges[index - 1]!, edges[index]!);
    // Before the last bytes leave: the client may reuse the socket as soon as it has them.
    if (index === edges.length - 1 && (plan.finalAct === 'end-later' || plan.finalAct === 'pool')) state.complete = true;
    if (piece.length > 0) socket.write(piece);
    if (plan.gapMode === 'immediate') await new Promise((resolve) => setImmediate(resolve));
    else if (plan.gapMode === 'timer') await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (socket.destroyed) return;
  switch (plan.finalAct) {
    case 'end':
      socket.end();
      break;
    case 'rst':
      // After the bytes left: a reset may still make the client's kernel drop what it has not read.
      socket.write('', () => setTimeout(() => socket.resetAndDestroy(), plan.seed % 3));
      break;
    case 'end-later':
      // A complete keep-alive response: the server closes the idle connection, as real servers do, unless
      // another request comes first (the client should not pool it, see keep-alive above, but may).
      state.timer = setTimeout(() => socket.end(), 150);
      state.timer.unref();
      break;
    case 'open':
    case 'pool':
      break;
  }
}
