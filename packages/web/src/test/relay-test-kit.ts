import { Stream, type ChatCompletionChunk } from '@groq-stream/core';
import { createTestResponse, readAll, type ReadAllResult, type TestBodyStats, type TestResponseInit } from '@groq-stream/core/test';
import { Groq } from '../groq.js';

/** What the fake upstream saw of one request. */
export interface UpstreamCall {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
  signal: AbortSignal | null | undefined;
}

/** How the fake upstream answers: a prepared SSE body (with its live stats) or any `Response`. */
export type UpstreamAnswer = { pieces: (string | Uint8Array)[]; init?: TestResponseInit } | Response;

/**
 * A client whose `fetch` never leaves the process: it records each request and answers with `answer()`,
 * so the relay can be tested in any runtime (Node and the edge sandbox alike).
 */
export function createFakeUpstream(answer: () => UpstreamAnswer): { client: Groq; calls: UpstreamCall[]; bodies: TestBodyStats[] } {
  const calls: UpstreamCall[] = [];
  const bodies: TestBodyStats[] = [];
  const client = new Groq({
    apiKey: 'gsk_test_secret',
    baseURL: 'http://upstream.test',
    maxRetries: 0,
    fetch: async (url, init) => {
      calls.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) as Record<string, unknown>, signal: init.signal });
      const answered = answer();
      if (answered instanceof Response) return answered;
      const { response, stats } = createTestResponse(answered.pieces, answered.init);
      bodies.push(stats);
      return response;
    },
  });
  return { client, calls, bodies };
}

/** A browser-like chat request to the relay. */
export function chatRequest(body: unknown, init: RequestInit = {}): Request {
  return new Request('http://app.test/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** Reads a whole body as text. */
export async function readText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}

export { eventually } from '@groq-stream/core/test';


/** Reads a relay's SSE answer back as chunks, with the error it ended with. */
export function collect(response: Response): Promise<ReadAllResult<ChatCompletionChunk>> {
  return readAll(Stream.fromSSEResponse<ChatCompletionChunk>(response));
}

/**
 * A browser's chat request whose upload never ends: its first piece, then nothing, as a browser that left
 * mid-upload leaves it. `abort()` is the browser going away; `state` says whether the body was read and cancelled.
 */
export function unfinishedUpload(): { request: Request; abort: () => void; state: { reading: boolean; cancelled: boolean } } {
  const state = { reading: false, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"messages":'));
    },
    pull() {
      state.reading = true;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const controller = new AbortController();
  return { request: uploadRequest(body, controller.signal), abort: () => controller.abort(), state };
}

/** A browser's chat request whose JSON body is `body`, uploaded as a stream; aborting `signal` is the browser going away. */
export function uploadRequest(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Request {
  // duplex: 'half' lets a request body be a stream (not yet in TypeScript's RequestInit).
  return new Request('http://app.test/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal, duplex: 'half' } as RequestInit);
}
