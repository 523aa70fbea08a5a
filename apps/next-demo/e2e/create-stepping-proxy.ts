import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer held by a {@link SteppingProxy}: its SSE events are let out one at a time, as the test says. */
export interface HeldAnswer {
  /** Lets out one more event (the first `step()` lets out the first event). */
  step(): void;
  /** Lets out every event left, as they come from the server. */
  releaseAll(): void;
}

/** A proxy in front of a mock Groq server that passes everything through, except answers the test holds. */
export interface SteppingProxy {
  /** `http://127.0.0.1:PORT`, to give to a relay as its Groq base URL. */
  url: string;
  /** Holds the next streamed answer that passes through: none of its events leave until `step()` or `releaseAll()`. */
  holdNext(): HeldAnswer;
  close(): Promise<void>;
}

// Headers of one connection, which the proxy's own connections replace; content-encoding because fetch decodes.
const connectionHeaders = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/** Writes an answer's SSE events to `response` as far as `held` allows; returns what lets the rest out. */
function heldWriter(response: ServerResponse): { add: (events: string[]) => void; end: () => void; answer: HeldAnswer } {
  const events: string[] = [];
  let allowed = 0;
  let sent = 0;
  let ended = false;
  const flush = (): void => {
    while (sent < events.length && sent < allowed) response.write(events[sent++]);
    if (ended && sent === events.length) response.end();
  };
  return {
    add: (more) => {
      events.push(...more);
      flush();
    },
    end: () => {
      ended = true;
      flush();
    },
    answer: {
      step: () => {
        allowed += 1;
        flush();
      },
      releaseAll: () => {
        allowed = Number.POSITIVE_INFINITY;
        flush();
      },
    },
  };
}

/**
 * Starts a proxy on a free port of 127.0.0.1 in front of `targetURL` (a mock Groq server this test runs). It
 * passes requests and answers through, the browser leaving included (the target sees the request aborted),
 * except the streamed answer that `holdNext()` arms it for, whose events leave only as the test lets them: a
 * relay's or a page's progress can then be checked token by token, whatever the pace of a loaded machine.
 */
export async function createSteppingProxy(targetURL: string): Promise<SteppingProxy> {
  let armed: ReturnType<typeof heldWriter> | undefined;
  let arming: ((writer: ReturnType<typeof heldWriter>) => void) | undefined;
  const server = createServer((request, response) => {
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    void (async () => {
      const body: Buffer[] = [];
      for await (const piece of request) body.push(piece as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !connectionHeaders.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const upstream = await fetch(new URL(request.url!, targetURL), {
        method: request.method,
        headers,
        body: body.length === 0 ? undefined : Buffer.concat(body),
        signal: controller.signal,
        redirect: 'manual',
      });
      const answerHeaders: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!connectionHeaders.has(name)) answerHeaders[name] = value;
      });
      response.writeHead(upstream.status, answerHeaders);
      let writer: ReturnType<typeof heldWriter> | undefined;
      if (arming !== undefined && upstream.headers.get('content-type')?.startsWith('text/event-stream') === true) {
        writer = heldWriter(response);
        arming(writer);
        arming = undefined;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = upstream.body?.getReader();
      for (let read = await reader?.read(); read !== undefined && !read.done; read = await reader?.read()) {
        const piece = read.value;
        if (writer === undefined) {
          response.write(piece);
          continue;
        }
        buffer += decoder.decode(piece, { stream: true });
        const end = buffer.lastIndexOf('\n\n');
        if (end === -1) continue;
        writer.add(buffer.slice(0, end + 2).split(/(?<=\n\n)/));
        buffer = buffer.slice(end + 2);
      }
      if (writer === undefined) return void response.end();
      if (buffer !== '') writer.add([buffer]);
      writer.end();
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext: () => {
      // Steps taken before the answer comes are kept, and given to it when it does.
      let steps = 0;
      let all = false;
      let target: HeldAnswer | undefined;
      arming = (writer) => {
        armed = writer;
        target = writer.answer;
        for (; steps > 0; steps--) target.step();
        if (all) target.releaseAll();
      };
      return {
        step: () => (target === undefined ? void (steps += 1) : target.step()),
        releaseAll: () => (target === undefined ? void (all = true) : target.releaseAll()),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        armed?.answer.releaseAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
