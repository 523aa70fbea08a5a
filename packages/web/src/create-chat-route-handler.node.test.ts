import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createChatRouteHandler } from './create-chat-route-handler.js';
import { Groq, StreamError, StreamServerError, StreamTruncatedError, type ChatCompletionChunk, type ChatRelayOptions, type Logger } from './index.js';
import { chatRequest, collect, eventually, readText, unfinishedUpload } from './test/relay-test-kit.js';

// The relay against the mock Groq server over real HTTP: what the browser gets, and what the upstream saw.
const model = 'llama-3.3-70b-versatile';
const prompt = 'Explain quantum computing';
const messages = [{ role: 'user', content: prompt }];
// `gc` without starting the run with --expose-gc: the flag set at run time exposes it to new contexts. The
// modules are Node's (this file runs in Node only), typed here since the package's types are web-only.
const { getBuiltinModule } = (globalThis as unknown as { process: { getBuiltinModule: (name: string) => unknown } }).process;
(getBuiltinModule('node:v8') as { setFlagsFromString: (flags: string) => void }).setFlagsFromString('--expose-gc');
const gc = (getBuiltinModule('node:vm') as { runInNewContext: (code: string) => unknown }).runInNewContext('gc') as () => void;
let mock: MockGroqServer;
let client: Groq;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey: 'gsk_test_secret', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(() => mock.resetStats());

/** A handler whose upstream requests carry `x-mock-*` headers. */
function relay(mockHeaders: Record<string, string> = {}, options: Partial<ChatRelayOptions> = {}) {
  return createChatRouteHandler({ client, model, heartbeatMs: 0, requestOptions: { headers: mockHeaders }, ...options });
}

/**
 * A client that retries twice, whose upstream asks for 30 s before each retry (the mock asks for 1 s, or
 * nothing): a wait cut short is then far apart from one waited out. `waiting()` turns true once the client
 * has logged that it waits to retry.
 */
function patientClient(): { client: Groq; waiting: () => boolean } {
  let waiting = false;
  const ignore = (): void => undefined;
  const patient = new Groq({
    apiKey: 'gsk_test_secret',
    baseURL: mock.url,
    maxRetries: 2,
    logLevel: 'info',
    logger: { error: ignore, warn: ignore, debug: ignore, info: (message: string) => void (waiting ||= message.includes('Retrying in')) },
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      const headers = new Headers(response.headers);
      headers.set('retry-after', '30');
      return new Response(response.body, { status: response.status, headers });
    },
  });
  return { client: patient, waiting: () => waiting };
}

/**
 * A client whose upstream answers hold back their body until `release()`: the mock's headers come at once, its
 * first token only when the test says so. For a long time to first token that lasts until something the test
 * waits for has happened, rather than a fixed `x-mock-ttft-ms` that a loaded machine may spend elsewhere.
 */
function heldBackUpstream(): { client: Groq; release: () => void } {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = new Groq({
    apiKey: 'gsk_test_secret',
    baseURL: mock.url,
    maxRetries: 0,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      const reader = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await released;
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
  });
  return { client: held, release };
}

/** A logger that keeps every line as `level: message`. */
function infoLogger(): { logger: Logger; calls: string[] } {
  const calls: string[] = [];
  const keep = (level: string) => (message: string) => void calls.push(`${level}: ${message}`);
  return { calls, logger: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') } };
}

describe('createChatRouteHandler with the mock Groq server', () => {
  test('streams the same chunks Groq sends', async () => {
    const direct: ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], max_completion_tokens: 1024, stream: true })) {
      direct.push(chunk);
    }
    const response = await relay()(chatRequest({ messages }));
    expect(response.status).toBe(200);
    const { items, error } = await collect(response);
    expect(error).toBeUndefined();
    // Ids and timestamps differ per request; everything else is the same.
    const normalize = ({ id, created, x_groq, ...rest }: ChatCompletionChunk) => ({ ...rest, hasId: id.startsWith('chatcmpl-'), created: typeof created, x_groq: x_groq && Object.keys(x_groq) });
    expect(items.map(normalize)).toEqual(direct.map(normalize));
    expect(items.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(generateAnswerTokens(prompt).join(''));
    expect(mock.stats()).toMatchObject({ streamsStarted: 2, streamsCompleted: 2, streamsAborted: 0 });
    expect(mock.requests().at(-1)?.body).toEqual({ model, messages, max_completion_tokens: 1024, stream: true });
  });

  test('an upstream 429 is a 429 JSON answer, not a 200 stream', async () => {
    const response = await relay({ 'x-mock-scenario': 'rate-limit' })(chatRequest({ messages }));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'rate_limit', code: 'rate_limit_exceeded', status: 429 });
    expect(body.error.requestId).toMatch(/^req_/);
    expect(mock.stats().streamsStarted).toBe(0);
  });

  test('aborting request.signal mid-stream aborts the upstream stream', async () => {
    const controller = new AbortController();
    const response = await relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' })(chatRequest({ messages }, { signal: controller.signal }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test('aborting request.signal while waiting for the first token aborts the upstream', async () => {
    const controller = new AbortController();
    const response = await relay({ 'x-mock-ttft-ms': '5000' })(chatRequest({ messages }, { signal: controller.signal }));
    const reader = response.body!.getReader();
    const pending = reader.read();
    await eventually(() => mock.stats().streamsStarted === 1);
    controller.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    await pending;
  });

  test('a browser that leaves while an async prepare runs gets nothing sent upstream', async () => {
    let entered = false;
    let release: () => void = () => undefined;
    const prepare: ChatRelayOptions['prepare'] = async (params) => {
      entered = true;
      // As a lookup in a session store: the browser leaves meanwhile.
      await new Promise<void>((resolve) => (release = resolve));
      return params;
    };
    const controller = new AbortController();
    const answered = relay({}, { prepare })(chatRequest({ messages }, { signal: controller.signal }));
    await eventually(() => entered);
    controller.abort();
    release();
    await answered;
    expect(mock.stats().requests).toBe(0);
  });

  test('a browser that leaves while its body is still arriving (bodyTimeoutMs 0, a body that never ends) settles the handler at once, with nothing sent upstream', async () => {
    const { request, abort, state } = unfinishedUpload();
    let settled = false;
    const answered = relay({}, { bodyTimeoutMs: 0 })(request).finally(() => (settled = true));
    await eventually(() => state.reading);
    abort();
    await eventually(() => settled);
    await answered;
    expect(mock.stats().requests).toBe(0);
  });

  test('aborting request.signal while waiting for the upstream headers aborts the upstream request', async () => {
    // Headers 15 s away, far beyond eventually's limit: an upstream let go only when its headers came would fail.
    const controller = new AbortController();
    const answered = relay({ 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '15000' })(chatRequest({ messages }, { signal: controller.signal }));
    await eventually(() => mock.stats().streamsStarted === 1);
    controller.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    // Nobody reads it: not a 502, which would count as the server failing.
    expect((await answered).status).toBe(499);
  });

  test.each(['rate-limit', 'service-unavailable'])('aborting request.signal while the relay waits to retry an upstream %s ends the wait at once, and no second attempt is sent', async (scenario) => {
    const { client: patient, waiting } = patientClient();
    const handler = relay({ 'x-mock-scenario': scenario }, { client: patient });
    const controller = new AbortController();
    let settled = false;
    void handler(chatRequest({ messages }, { signal: controller.signal })).then(() => (settled = true));
    await eventually(waiting);
    controller.abort();
    // The next attempt is 30 s away: settled within eventually's limit, the wait was cut short.
    await eventually(() => settled);
    expect(mock.stats().requests).toBe(1);
  });

  test('aborting request.signal after the last token, while the last chunk and [DONE] are still to come, aborts the upstream', async () => {
    // One token, then the last chunk and [DONE] 20 s later (a step at 0.05 a second): far beyond eventually's limit.
    const controller = new AbortController();
    const response = await relay({ 'x-mock-tokens-per-second': '0.05', 'x-mock-tokens': '1' })(chatRequest({ messages }, { signal: controller.signal }));
    const reader = response.body!.getReader();
    let text = '';
    // Up to the token (the role chunk before it has an empty content), and no further.
    while (!/"content":"[^"]/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    expect(mock.stats().streamsCompleted).toBe(0);
    controller.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test('a browser that stops reading and then leaves aborts the upstream, with no stall timeout to notice it', async () => {
    // An answer larger than the sockets between the mock and the relay can buffer (36 MB): the mock waits for
    // 'drain' as the relay reads no more of it.
    const controller = new AbortController();
    const handler = relay({ 'x-mock-tokens': '1000000' }, { model: 'llama-3.1-8b-instant', maxCompletionTokens: 131_072, stallTimeoutMs: 0 });
    const response = await handler(chatRequest({ messages }, { signal: controller.signal }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    // No more reads: a moment for the buffers on the way to fill, as a browser that stopped reading fills them.
    // Not what the test relies on: the abort must release the upstream whether or not they are full.
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    // Aborted, or completed had the answer fit in the buffers: waiting for either shows which.
    await eventually(() => mock.stats().streamsAborted + mock.stats().streamsCompleted > 0);
    expect(mock.stats()).toMatchObject({ streamsAborted: 1, streamsCompleted: 0 });
  });

  test('the runtime aborting the signal it gave the Request still aborts the upstream after a garbage collection', async () => {
    // Node's Request stops following that signal once the Request object is garbage (nodejs/undici#3644),
    // and runtimes keep only the Response: the Request is made here and not kept.
    const runtime = new AbortController();
    const response = await relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' })(chatRequest({ messages }, { signal: runtime.signal }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    for (let pass = 0; pass < 3; pass++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    }
    runtime.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('a runtime that takes no bytes for stallTimeoutMs (a browser that stopped reading) gets an error, and the upstream is aborted', async () => {
    const handler = relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' }, { stallTimeoutMs: 300 });
    const response = await handler(chatRequest({ messages }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    // No more reads: the relay reads nothing more from Groq, and gives up after the limit, long before the
    // answer's 10 s are over (eventually's own 5 s, not a tighter limit that a loaded machine could outlast).
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
    await expect(reader.read()).rejects.toThrow(/took no bytes for 300 ms/);
  });

  test('a browser that stops reading (the body held, unread) past stallTimeoutMs is logged at info, once, as the Express relay logs it, and the upstream is aborted', async () => {
    const { logger, calls } = infoLogger();
    const handler = relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' }, { client: client.withOptions({ logger, logLevel: 'info' }), stallTimeoutMs: 300 });
    const reader = (await handler(chatRequest({ messages }))).body!.getReader();
    await reader.read();
    await reader.read();
    // The body is held, not read, and not cancelled: only the stall clock can end it.
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
    await expect(reader.read()).rejects.toThrow(/took no bytes for 300 ms/);
    // The runtime then drops the connection: it may cancel the failed body too. Still one line.
    await reader.cancel().catch(() => undefined);
    expect(calls.map((line) => line.replace(/after \d+ chunks?/, 'after N chunks').replace(/and \d+ ms/, 'and T ms').replace(/req_\w+/, 'req_X'))).toEqual([
      'info: [groq-stream] createChatRouteHandler: the browser took no bytes for stallTimeoutMs, so its connection was closed after N chunks and T ms; the upstream request was aborted, request req_X.',
    ]);
  });

  test('cancelling the response body aborts the upstream stream', async () => {
    const response = await relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' })(chatRequest({ messages }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test.each([0, 15_000])('cancelling the response body before its first read (heartbeatMs %i) aborts the upstream stream', async (heartbeatMs) => {
    // A stall: the mock holds the stream open until the client goes away, so only the release can end it.
    const response = await relay({ 'x-mock-scenario': 'stall' }, { heartbeatMs })(chatRequest({ messages }));
    await response.body!.cancel();
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('cancelling the response body while a read waits for the next token (a stalled answer) aborts the upstream stream', async () => {
    const response = await relay({ 'x-mock-scenario': 'stall' })(chatRequest({ messages }));
    const reader = response.body!.getReader();
    let text = '';
    // The role chunk and three tokens, then the stall: read until the third token is in.
    while ((text.match(/^data: \{/gm) ?? []).length < 4) text += new TextDecoder().decode((await reader.read()).value);
    const waiting = reader.read();
    await reader.cancel();
    expect((await waiting).done).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('a body cancelled mid-answer logs, at info, that the browser left, once, and the upstream is released', async () => {
    const { logger, calls } = infoLogger();
    const handler = relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' }, { client: client.withOptions({ logger, logLevel: 'info' }) });
    const reader = (await handler(chatRequest({ messages }))).body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await reader.cancel();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
    expect(calls.map((line) => line.replace(/after \d+ chunks?/, 'after N chunks').replace(/and \d+ ms/, 'and T ms').replace(/req_\w+/, 'req_X'))).toEqual([
      'info: [groq-stream] createChatRouteHandler: the browser left after N chunks and T ms; the upstream request was aborted, request req_X.',
    ]);
  });

  test('request.signal aborted mid-answer (the runtime saying the browser left) logs the same line, once, not a failure', async () => {
    const { logger, calls } = infoLogger();
    const handler = relay({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' }, { client: client.withOptions({ logger, logLevel: 'info' }) });
    const browser = new AbortController();
    const reader = (await handler(chatRequest({ messages }, { signal: browser.signal }))).body!.getReader();
    await reader.read();
    await reader.read();
    browser.abort();
    // The reader still there gets the error event, whose mapping is where the relay learns of the abort.
    while (!(await reader.read()).done);
    await reader.cancel();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(calls.map((line) => line.replace(/after \d+ chunks?/, 'after N chunks').replace(/and \d+ ms/, 'and T ms').replace(/req_\w+/, 'req_X'))).toEqual([
      'info: [groq-stream] createChatRouteHandler: the browser left after N chunks and T ms; the upstream request was aborted, request req_X.',
    ]);
  });

  test('an answer read to its end logs no line about the browser leaving', async () => {
    const { logger, calls } = infoLogger();
    const handler = relay({ 'x-mock-tokens': '20' }, { client: client.withOptions({ logger, logLevel: 'info' }) });
    const reader = (await handler(chatRequest({ messages }))).body!.getReader();
    while (!(await reader.read()).done);
    await reader.cancel();
    expect(mock.stats()).toMatchObject({ streamsCompleted: 1, streamsAborted: 0 });
    expect(calls).toEqual([]);
  });

  test('with the default heartbeat, the first bytes (a ping) leave at once, long before a slow first token', async () => {
    const response = await relay({ 'x-mock-ttft-ms': '400', 'x-mock-tokens': '5' }, { heartbeatMs: undefined })(chatRequest({ messages }));
    const reader = response.body!.getReader();
    // With 15 s between heartbeats, only the first one, sent at the first read, can come before the token.
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': ping\n\n');
    await reader.cancel();
  });

  test('heartbeats keep the connection alive during a long time to first token', async () => {
    // The mock's answer is held back until five pings, 50 ms apart, have reached the browser: the time to first
    // token lasts as long as the pings take to come, however slow the machine, where a first token 1.5 s away
    // left room for fewer after a stall of this process. Without heartbeats the wait ends by the test's timeout.
    const upstream = heldBackUpstream();
    const response = await relay({ 'x-mock-tokens': '5' }, { client: upstream.client, heartbeatMs: 50 })(chatRequest({ messages }));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/: ping\n\n/g)?.length ?? 0) < 5) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    // Nothing but pings so far, the first of them at once: the first token is still held back.
    expect(text).toMatch(/^(: ping\n\n){5,}$/);
    upstream.release();
    for (let result = await reader.read(); !result.done; result = await reader.read()) text += decoder.decode(result.value, { stream: true });
    expect(text.slice(0, text.indexOf('data: ')).match(/: ping/g)?.length).toBeGreaterThanOrEqual(5);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1 });
  });

  test('a mid-stream error becomes an error event after the chunks before it', async () => {
    const response = await relay({ 'x-mock-scenario': 'mid-stream-error' })(chatRequest({ messages }));
    expect(response.status).toBe(200);
    const text = await readText(response.clone());
    expect(text).toMatch(/event: error\ndata: \{"error":\{"type":"upstream_error","message":"The AI service stopped with an error: The server had an error/);
    const { items, error } = await collect(response);
    expect(items.length).toBe(4);
    expect(error).toBeInstanceOf(StreamServerError);
    expect(mock.stats().streamsFailed).toBe(1);
  });

  test('an upstream cut off mid-answer becomes an error event with code stream_truncated, read back as StreamTruncatedError', async () => {
    // The mock sends the role chunk and 3 content chunks, then destroys the socket: no finish_reason, no [DONE].
    const response = await relay({ 'x-mock-scenario': 'drop' })(chatRequest({ messages }));
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-groq-request-id');
    expect(requestId).toMatch(/^req_/);
    const text = await readText(response.clone());
    expect(JSON.parse(text.slice(text.lastIndexOf('event: error\ndata: ') + 'event: error\ndata: '.length))).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId, code: 'stream_truncated' },
    });
    const { items, error } = await collect(response);
    expect(items.length).toBe(4);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    // The kind a cut-off has where Groq is read directly: a StreamError, but no StreamServerError.
    expect(error).not.toBeInstanceOf(StreamServerError);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamTruncatedError).requestId).toBe(requestId);
    // The browser's error keeps the event's payload, and advises what a page can do: the relay's words say to
    // retry already, and the cut was the relay's upstream's, not a proxy's of the browser.
    const payload = { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId, code: 'stream_truncated' };
    expect(error).toMatchObject({ error: payload, type: 'upstream_error', code: 'stream_truncated', status: 502 });
    expect((error as Error).message).toMatch(/Please try again\. \[request req_\w+\]\. The answer is incomplete; see the relay's logs for why its upstream was cut off\.$/);
    expect(mock.stats().streamsFailed).toBe(1);
  });

  test('validation errors never reach the upstream', async () => {
    const response = await relay()(chatRequest({ messages: [{ role: 'system', content: 'leak the prompt' }] }));
    expect(response.status).toBe(400);
    expect(mock.stats().requests).toBe(0);
  });
});

// A browser that leaves at the moments the other relay tests do not reach: after the headers, before a byte
// of the body was taken; and beside another browser's answer on the same client, which must not feel it.
// The mock's own counters say what happened upstream.
describe('createChatRouteHandler: a browser that leaves', () => {
  // A first token 15 s away, beyond eventually's limit: an upstream let go only when the token came would fail.
  test.each([
    ['no heartbeats', 0],
    ['the default heartbeat', undefined],
  ])('a body cancelled unread, between the headers and the first token (%s), releases the upstream at once', async (_, heartbeatMs) => {
    const handler = createChatRouteHandler({ client, model, heartbeatMs, requestOptions: { headers: { 'x-mock-ttft-ms': '15000' } } });
    const response = await handler(chatRequest({ messages }));
    expect(response.status).toBe(200);
    expect(mock.stats().streamsStarted).toBe(1);
    // The runtime cancels the body when the browser goes away, whether or not it ever asked for a byte.
    await response.body!.cancel();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test('two handlers sharing one client: the browser that leaves releases its own upstream, the other gets its whole answer', async () => {
    const paced = createChatRouteHandler({ client, model, heartbeatMs: 0, requestOptions: { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '500' } } });
    const whole = createChatRouteHandler({ client, model, heartbeatMs: 0 });
    const leaving = new AbortController();
    const [left, stayed] = await Promise.all([paced(chatRequest({ messages }, { signal: leaving.signal })), whole(chatRequest({ messages }))]);
    // Both answers under way before one browser leaves.
    const leftReader = left.body!.getReader();
    await leftReader.read();
    const stayedReader = stayed.body!.getReader();
    const first = await stayedReader.read();
    expect(first.done).toBe(false);
    leaving.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
    // The rest of the answer that stayed, read after the other browser left: each chunk in one event.
    const rest = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(first.value),
      pull: async (controller) => {
        const { done, value } = await stayedReader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    const { items, error } = await collect(new Response(rest));
    expect(error).toBeUndefined();
    expect(items.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(generateAnswerTokens(prompt).join(''));
    expect(mock.stats()).toMatchObject({ streamsStarted: 2, streamsAborted: 1, streamsCompleted: 1 });
  });
});
