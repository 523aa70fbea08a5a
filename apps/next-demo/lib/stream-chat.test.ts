import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import { APIUserAbortError, createChatRouteHandler, Groq, RateLimitError, StreamIdleTimeoutError, StreamServerError } from '@groq-stream/web';
import { eventually } from '@groq-stream/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { describeChatError } from './describe-chat-error';
import { streamChat, type ChatStats, type StreamChatOptions } from './stream-chat';

// The page's reading loop against the real route handler and the mock Groq server, without a browser.
const prompt = 'What is a token?';
let mock: MockGroqServer;

beforeAll(async () => {
  mock = await createMockGroqServer({ tokens: 12 });
});
afterAll(() => mock.close());
afterEach(() => mock.resetStats());

function relayFetch(headers: Record<string, string> = {}, maxCompletionTokens?: number) {
  const handler = createChatRouteHandler({
    client: new Groq({ apiKey: 'test', baseURL: mock.url, maxRetries: 0 }),
    model: 'llama-3.3-70b-versatile',
    requestOptions: { headers },
    ...(maxCompletionTokens === undefined ? {} : { maxCompletionTokens }),
  });
  return (input: string, init: RequestInit) => handler(new Request(new URL(input, 'http://app.test'), init));
}

/**
 * streamChat() with what the tests share unless given: the prompt as the one message, to /api/chat through
 * {@link relayFetch}, a controller of its own and the text thrown away.
 */
function ask({ fetch = relayFetch(), ...options }: Partial<StreamChatOptions> = {}): Promise<ChatStats> {
  return streamChat({ endpoint: '/api/chat', messages: [{ role: 'user', content: prompt }], controller: new AbortController(), onText: () => undefined, fetch, ...options });
}

/** A chunk of the answer with `delta`, in the relay's event stream. */
const event = (delta: object, extra: object = {}): string => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
/** `count` chunks of text, a word each. */
const words = (count: number): string[] => Array.from({ length: count }, (_, index) => event({ content: `word${index} ` }));
/** The last chunk of a whole answer, with Groq's usage, and `[DONE]`. */
const finished = (completionTokens: number): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { usage: { completion_tokens: completionTokens } } })}\n\ndata: [DONE]\n\n`;

/**
 * The relay's answer as the network brings it: each of `reads` (events, as one string) is what one read of the body
 * gets, whatever the machine's load, so that the clock is read once per read.
 */
function readsOf(reads: readonly string[]): StreamChatOptions['fetch'] {
  return async () => {
    const encoder = new TextEncoder();
    let next = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const read = reads[next++];
          if (read === undefined) controller.close();
          else controller.enqueue(encoder.encode(read));
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
}

/** What `answer` was rejected with; had it resolved, its figures would fail the test's checks of the error. */
const failureOf = (answer: Promise<unknown>): Promise<unknown> => answer.catch((caught: unknown) => caught);

describe('streamChat', () => {
  test('hands over the text piece by piece', async () => {
    const pieces: string[] = [];
    const stats = await ask({ onText: (text) => pieces.push(text) });
    expect(pieces).toEqual(generateAnswerTokens(prompt, 12));
    expect(stats.tokens).toBe(12);
  });

  test('measures the answer from the first token to the last, each timed by the read that brought it', async () => {
    const seen: ChatStats[] = [];
    // A clock that moves 30 ms each time it is read (at the start, then once per read of the body), and a token
    // in each read, so the figures are exact whatever the machine's load.
    let clock = 0;
    const stats = await ask({ fetch: readsOf([...words(12), finished(12)]), onStats: (value) => seen.push(value), now: () => (clock += 30) });
    expect(stats.tokens).toBe(12);
    // Read at 30 (start), 60 (first token) ... 390 (12th token), 420 (the usage chunk, which does not count).
    expect(stats.timeToFirstTokenMs).toBe(30);
    // The first token starts the clock: 11 more tokens over 330 ms, to the last token.
    expect(stats.tokensPerSecond).toBeCloseTo(11 / 0.33, 6);
    // No rate until 250 ms after the first token (the 10th token, at 330 ms).
    expect(seen.map((value) => value.tokensPerSecond === undefined)).toEqual([...Array(9).fill(true), ...Array(4).fill(false)]);
    expect(seen.map((value) => value.tokens).slice(0, 3)).toEqual([1, 2, 3]);
    expect(stats.messagesLeftOut).toBe(0);
  });

  // Tokens in reads a few milliseconds apart (a proxy that buffers the stream, a connection that caught up):
  // "38390.7 tokens/s · 2 tokens" measured the page, not the answer. The Express page's rule.
  test.each([
    ['a burst: 12 tokens 0.01 ms apart', 12, 0.01],
    ['just under the shortest span measured: 12 tokens over 242 ms', 12, 22],
    ['too few tokens after the first: 4 over 2 s', 5, 500],
  ])('no rate for %s', async (_, tokens, step) => {
    let clock = 0;
    const stats = await ask({ fetch: readsOf([...words(tokens), finished(tokens)]), now: () => (clock += step) });
    expect(stats.tokens).toBe(tokens);
    expect(stats.tokensPerSecond).toBeUndefined();
  });

  test('no rate for tokens that came in one read, however long the page takes over each', async () => {
    // The page timed each token when it got to it: 10,000 tokens read in one go took a slowed CPU over 250 ms to
    // hand to React, and read as 20070.3 tokens/s. Here the clock moves 100 ms each time it is read.
    let clock = 0;
    const seen: ChatStats[] = [];
    const stats = await ask({ fetch: readsOf([words(12).join('') + finished(12)]), onStats: (value) => seen.push(value), now: () => (clock += 100) });
    expect(stats).toMatchObject({ tokens: 12, tokensPerSecond: undefined, timeToFirstTokenMs: 100 });
    expect(seen.map((value) => value.tokensPerSecond)).toEqual(Array(13).fill(undefined));
  });

  test('says why the answer ended: stop, or length when the relay cut it at its token limit', async () => {
    const read = (maxCompletionTokens?: number) => ask({ fetch: relayFetch({}, maxCompletionTokens) });
    expect((await read()).finishReason).toBe('stop');
    const cut = await read(5);
    expect(cut).toMatchObject({ finishReason: 'length', tokens: 5 });
  });

  test('sends the whole conversation', async () => {
    const messages = [
      { role: 'user' as const, content: 'Hi' },
      { role: 'assistant' as const, content: 'Hello!' },
      { role: 'user' as const, content: prompt },
    ];
    await ask({ messages });
    expect((mock.requests().at(-1)?.body as { messages: unknown }).messages).toEqual(messages);
  });

  test('a conversation longer than the relay takes sends its latest turns only, and is answered', async () => {
    const turn = 'x'.repeat(20_000);
    const messages = [
      { role: 'user' as const, content: `1 ${turn}` },
      { role: 'assistant' as const, content: `2 ${turn}` },
      { role: 'user' as const, content: `3 ${turn}` },
      { role: 'assistant' as const, content: `4 ${turn}` },
      { role: 'user' as const, content: prompt },
    ];
    const stats = await ask({ messages });
    expect(stats.tokens).toBe(12);
    const sent = (mock.requests().at(-1)?.body as { messages: { content: string }[] }).messages;
    expect(sent.map((message) => message.content.slice(0, 2))).toEqual(['3 ', '4 ', prompt.slice(0, 2)]);
    // The page says so: the answer comes without the first two turns.
    expect(stats.messagesLeftOut).toBe(2);
  });

  test('reasoning starts the clock and counts, as in completion_tokens', async () => {
    let clock = 0;
    let text = '';
    const seen: { stats: ChatStats; text: string }[] = [];
    await ask({
      onText: (piece) => (text += piece),
      onStats: (stats) => seen.push({ stats, text }),
      fetch: relayFetch({ 'x-mock-scenario': 'reasoning' }),
      now: () => (clock += 10),
    });
    // The first figures come with the first piece of reasoning, before any text.
    expect(seen[0]).toEqual({ stats: { timeToFirstTokenMs: expect.any(Number), tokens: 1, tokensPerSecond: undefined, messagesLeftOut: 0 }, text: '' });
    expect(seen[1]!.stats.tokens).toBe(2);
  });

  test('an empty answer ends with the figures of its usage, and no time to a first token that never came', async () => {
    const pieces: string[] = [];
    const stats = await ask({ onText: (text) => pieces.push(text), fetch: relayFetch({ 'x-mock-tokens': '0' }) });
    expect(pieces).toEqual([]);
    expect(stats).toEqual({ timeToFirstTokenMs: undefined, tokens: 0, tokensPerSecond: undefined, finishReason: 'stop', messagesLeftOut: 0 });
    expect(mock.stats().streamsCompleted).toBe(1);
  });

  test('a refusal whose body is not JSON (a proxy page in front of the relay) keeps its status, and the page asks to try again', async () => {
    const proxyPage = async () => new Response('<html><h1>502 Bad Gateway</h1></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const error = await failureOf(ask({ fetch: proxyPage }));
    expect(error).toMatchObject({ status: 502 });
    expect(describeChatError(error)).toBe('The server had a problem (HTTP 502). Please try again.');
  });

  test('a refusal from the relay is a typed error: 429 is a RateLimitError', async () => {
    const error = await failureOf(ask({ fetch: relayFetch({ 'x-mock-scenario': 'rate-limit' }) }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).message).toMatch(/too many requests/);
  });

  test('a mid-stream error arrives after the text before it', async () => {
    const pieces: string[] = [];
    const error = await failureOf(ask({ onText: (text) => pieces.push(text), fetch: relayFetch({ 'x-mock-scenario': 'mid-stream-error' }) }));
    expect(error).toBeInstanceOf(StreamServerError);
    expect(pieces).toHaveLength(3);
  });

  test('abort stops the answer and the upstream stream', async () => {
    const controller = new AbortController();
    const pieces: string[] = [];
    const error = await failureOf(
      ask({
        controller,
        onText: (text) => {
          pieces.push(text);
          if (pieces.length === 2) controller.abort();
        },
        // 500 tokens at 50 a second, 10 s: the mock's 12 tokens (240 ms) could end before a loaded machine got
        // the abort through the relay to the mock, which then counted the stream completed.
        fetch: relayFetch({ 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '500' }),
      }),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(pieces).toHaveLength(2);
    // Until the mock counts the stream's end, aborted or completed: the 10 s stream bounds the wait, where a
    // 2 s limit could run out on a loaded machine before the abort got through.
    await eventually(() => mock.stats().streamsAborted + mock.stats().streamsCompleted > 0, 30_000);
    expect(mock.stats()).toMatchObject({ streamsAborted: 1, streamsCompleted: 0 });
  });

  test('a relay connection that goes silent mid-answer fails after idleTimeout, though its heartbeats go on', async () => {
    const encoder = new TextEncoder();
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const silent = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(': ping\n\ndata: {"id":"c","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\n'));
        heartbeat = setInterval(() => controller.enqueue(encoder.encode(': ping\n\n')), 10);
      },
      cancel: () => clearInterval(heartbeat),
    });
    const pieces: string[] = [];
    const error = await failureOf(
      ask({ onText: (text) => pieces.push(text), fetch: async () => new Response(silent, { headers: { 'content-type': 'text/event-stream' } }), idleTimeout: 100 }),
    );
    clearInterval(heartbeat);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(pieces).toEqual(['Hel']);
  });
});
