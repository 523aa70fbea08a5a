import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from '../create-mock-groq-server.js';
import type { MockServerStats } from '../mock-stats.js';

/** Helpers for this package's tests: one copy, not one per test file. */

export const MODEL = 'llama-3.3-70b-versatile';

/** A chat-completions request as a test wants it: JSON body, a key, optional `x-mock-*` headers. */
export function postChat(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

/** A Responses API request (`POST /openai/v1/responses`) as a test wants it: JSON body, a key, optional `x-mock-*` headers. */
export function postResponses(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}/openai/v1/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * The events of a streamed response, each frame's data parsed, after checking what every Responses API frame
 * must be: named by `event:`, with the same `type` in its data, and numbered from 0 without a gap.
 */
export async function readResponseEvents(response: Response): Promise<Record<string, any>[]> {
  const events = parseSseFrames(await response.text()).map((frame) => {
    const data = JSON.parse(frame.data) as Record<string, any>;
    expect(frame.event).toBe(data.type);
    return data;
  });
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  return events;
}

/** A small valid body; `stream` defaults to true. */
export function chatBody(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MODEL, messages: [{ role: 'user', content: prompt }], stream: true, ...extra };
}

export interface SseFrame {
  event: string | undefined;
  data: string;
}

/**
 * Splits a complete SSE body into frames. Enough for what the mock sends (`event:` and one `data:` line
 * per frame, LF endings); the real parser lives in core.
 */
export function parseSseFrames(text: string): SseFrame[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      let event: string | undefined;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data = line.slice('data: '.length);
        else throw new Error(`Unexpected SSE line: ${JSON.stringify(line)}`);
      }
      return { event, data };
    });
}

/** The JSON chunks of a stream, without the final `[DONE]` (asserted to be the last frame). */
export async function readChunks(response: Response): Promise<Record<string, any>[]> {
  const frames = parseSseFrames(await response.text());
  const last = frames.pop();
  if (last?.data !== '[DONE]') throw new Error(`The stream did not end with [DONE] but with ${JSON.stringify(last)}`);
  return frames.map((frame) => JSON.parse(frame.data) as Record<string, any>);
}

/** Reads a streamed body until `count` complete frames have arrived; leaves the stream open. */
export async function readFrames(response: Response, count: number): Promise<SseFrame[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`The stream ended after ${text.split('\n\n').length - 1} frames; wanted ${count}`);
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return parseSseFrames(text.split('\n\n').slice(0, count).join('\n\n') + '\n\n');
}

/**
 * Polls until `predicate` holds (checking every few ms), and says how long that took. The default limit, 5 s
 * (as core's `eventually`), only guards against a hang: a loaded CI machine can stall a process for much of a
 * second, and a stall past the limit fails the wait before the event it waits for is read.
 */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - start;
}

export async function fetchStats(url: string): Promise<MockServerStats> {
  return (await (await fetch(`${url}/__mock/stats`)).json()) as MockServerStats;
}

/** The shape of an OpenAI-style chunk that a tool call streams in (groq-sdk's, openai's). */
interface ToolCallChunk {
  choices: { delta: { tool_calls?: { function?: { name?: string; arguments?: string } }[] | undefined }; finish_reason: string | null }[];
}

/** Joins the first tool call of a streamed answer as a client would: name, parsed arguments, finish reason. */
export async function collectToolCall(stream: AsyncIterable<ToolCallChunk>): Promise<{ name: string; arguments: unknown; finishReason: string | null }> {
  let name = '';
  let argumentsText = '';
  let finishReason: string | null = null;
  for await (const chunk of stream) {
    const call = chunk.choices[0]?.delta.tool_calls?.[0];
    name += call?.function?.name ?? '';
    argumentsText += call?.function?.arguments ?? '';
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  return { name, arguments: JSON.parse(argumentsText), finishReason };
}

const RATE_LIMIT_HEADERS = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
] as const;

/** Asserts the headers Groq sends on every response: `x-request-id`, `x-groq-region` and the six rate-limit headers. */
export function expectGroqHeaders(headers: Headers): void {
  expect(headers.get('x-request-id')).toMatch(/^req_01[0-9a-z]{24}$/);
  expect(headers.get('x-groq-region')).toBe('dls');
  for (const name of RATE_LIMIT_HEADERS) {
    expect(headers.get(name), name).toMatch(name.includes('-reset-') ? /^(\d+h)?(\d+m)?(\d+(\.\d+)?s|\d+ms)$/ : /^\d+$/);
  }
}

/** Asserts a Groq error answer (`{ error: { message, type, code } }` as JSON) and returns its message. */
export async function expectGroqError(response: Response, status: number, type: string, code?: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as { error: { message: string; type: string; code?: string } };
  expect(body.error.type).toBe(type);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error.message;
}

/** One mock server for a test file: started before its tests, its stats reset before each, closed after. */
export function useMockServer(): { readonly url: string; stats: MockGroqServer['stats']; resetStats: MockGroqServer['resetStats'] } {
  let server: MockGroqServer | undefined;
  beforeAll(async () => {
    server = await createMockGroqServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.resetStats());
  return {
    get url() {
      return server!.url;
    },
    stats: () => server!.stats(),
    resetStats: () => server!.resetStats(),
  };
}

/** The headers that ask the mock for `name`, plus `extra`. */
export const scenarioHeaders = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({ 'x-mock-scenario': name, ...extra });
