import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestBody } from './test/create-test-body.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';

// The waits between tries, read off fake timers: what the client waits is asserted to the millisecond, and a
// loaded machine cannot stretch it. Each test advances the clock to just before a wait ends, sees no new try,
// then to its end, and sees one.

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const completion = () => Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] });
const unavailable = (headers: Record<string, string> = {}) => () => Response.json({ error: { message: 'busy' } }, { status: 503, headers });
const rateLimited = (headers: Record<string, string>) => () => Response.json({ error: { message: 'slow down' } }, { status: 429, headers });

/** A fetch that answers from a list (the last answer again once the list runs out), counting the calls. */
function scripted(...answers: ((url: string, init: RequestInit) => Response | Promise<Response>)[]): Fetch & { calls: number } {
  const fetch = Object.assign(
    async (url: string, init: RequestInit) => {
      const answer = answers[Math.min(fetch.calls, answers.length - 1)]!;
      fetch.calls++;
      return answer(url, init);
    },
    { calls: 0 },
  );
  return fetch;
}

/** Advances the fake clock by `ms` and gives the number of calls `fetch` has had by then. */
async function callsAfter(fetch: { calls: number }, ms: number): Promise<number> {
  await vi.advanceTimersByTimeAsync(ms);
  return fetch.calls;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the waits between tries', () => {
  test('without jitter, 0.5 s, then 1 s, then 2 s: the backoff doubles from one retry to the next', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = scripted(unavailable(), unavailable(), unavailable(), completion);
    const answer = new Groq({ apiKey: 'k', fetch, maxRetries: 3 }).chat.completions.create({ model, messages });
    expect(await callsAfter(fetch, 0)).toBe(1);
    expect(await callsAfter(fetch, 499)).toBe(1);
    expect(await callsAfter(fetch, 1)).toBe(2);
    expect(await callsAfter(fetch, 999)).toBe(2);
    expect(await callsAfter(fetch, 1)).toBe(3);
    expect(await callsAfter(fetch, 1999)).toBe(3);
    expect(await callsAfter(fetch, 1)).toBe(4);
    expect((await answer).id).toBe('c1');
  });

  test('with the most jitter, a quarter shorter and no more: the first retry comes at 375 ms, not before', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const fetch = scripted(unavailable(), completion);
    const answer = new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages });
    expect(await callsAfter(fetch, 374)).toBe(1);
    expect(await callsAfter(fetch, 1)).toBe(2);
    await answer;
  });

  test.each([
    ['retry-after in seconds', { 'retry-after': '3' }, 3000],
    ['retry-after as an HTTP date', { 'retry-after': new Date(Date.parse('2026-11-25T12:00:07Z')).toUTCString() }, 7000],
    ['retry-after-ms, before retry-after', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['retry-after of the longest wait honoured, 60 s', { 'retry-after': '60' }, 60_000],
  ])('%s: the client waits what the 429 asked for', async (_, headers, ms) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = scripted(rateLimited(headers), completion);
    const answer = new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages });
    expect(await callsAfter(fetch, ms - 1)).toBe(1);
    expect(await callsAfter(fetch, 1)).toBe(2);
    await answer;
  });

  test.each([
    ['retry-after as a date already past', { 'retry-after': new Date(Date.parse('2026-11-25T11:59:00Z')).toUTCString() }],
    ['retry-after that is no number nor date', { 'retry-after': 'soon' }],
    // x-ratelimit-reset-* say when a whole budget (tokens a minute, requests a day) is back, not when this request
    // fits, and may be about another limit than the one the 429 is for: not read as a wait.
    ['x-ratelimit-reset-tokens and -requests without retry-after', { 'x-ratelimit-reset-tokens': '7.66s', 'x-ratelimit-reset-requests': '2m59.56s' }],
  ])('%s: the backoff (0.5 s) instead', async (_, headers) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = scripted(rateLimited(headers), completion);
    const answer = new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages });
    expect(await callsAfter(fetch, 499)).toBe(1);
    expect(await callsAfter(fetch, 1)).toBe(2);
    await answer;
  });

  describe('a wait longer than 60 s, which the client does not wait: a retry before it would meet the same refusal and spend a retry', () => {
    test.each([
      ['retry-after', { 'retry-after': '61' }, 61_000, '61 s (retry-after)'],
      ['retry-after-ms', { 'retry-after-ms': '3600000', 'retry-after': '30' }, 3_600_000, '3600 s (retry-after-ms)'],
      ['retry-after as an HTTP date', { 'retry-after': new Date(Date.parse('2026-11-25T12:05:00.500Z')).toUTCString() }, 300_000, '300 s (retry-after)'],
    ])('%s: not retried; the 429 comes at once, with the wait in retryAfterMs and in its advice', async (_, headers, ms, said) => {
      const fetch = scripted(rateLimited({ ...headers, 'x-request-id': 'req_01long' }), completion);
      let settled = false;
      const pending = new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions
        .create({ model, messages })
        .catch((caught: unknown) => caught)
        .finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      expect(fetch.calls).toBe(1);
      const error = (await pending) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.retryAfterMs).toBe(ms);
      expect(error.requestId).toBe('req_01long');
      expect(error.message).toBe(
        '429 slow down. [POST /openai/v1/chat/completions, request req_01long]. Wait for the delay the server asks for (retry-after), lower the request rate or token usage, or raise your limits. ' +
          `Not retried: the server asked to wait ${said}, longer than the 60 s the client waits before a retry.`,
      );
      expect(vi.getTimerCount()).toBe(0);
    });

    test('any status the client retries: a 503 in maintenance for two minutes', async () => {
      const fetch = scripted(unavailable({ 'retry-after': '120' }), completion);
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(fetch.calls).toBe(1);
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as Error).message).toMatch(/retry later\. Not retried: the server asked to wait 120 s \(retry-after\), longer than the 60 s the client waits before a retry\.$/);
    });

    test('after an earlier retry: how often it was tried, then the wait; with retries off or used up, only that', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const long = rateLimited({ 'retry-after': '90' });
      const fetch = scripted(unavailable(), long, completion);
      const later = new Groq({ apiKey: 'k', fetch, maxRetries: 3 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(500);
      expect(fetch.calls).toBe(2);
      expect(((await later) as Error).message).toMatch(/ It was tried 2 times \(maxRetries: 3\); then the server asked to wait 90 s \(retry-after\), longer than the 60 s the client waits before a retry\.$/);
      const off = await new Groq({ apiKey: 'k', fetch: scripted(long), maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect((off as Error).message).toMatch(/ Retries were off \(maxRetries: 0\)\.$/);
      const usedUp = scripted(unavailable(), long);
      const last = new Groq({ apiKey: 'k', fetch: usedUp, maxRetries: 1 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(500);
      expect(((await last) as Error).message).toMatch(/ It was tried 2 times \(maxRetries: 1\)\.$/);
    });

    test('x-should-retry: false says why first: the server said not to retry at all', async () => {
      const fetch = scripted(rateLimited({ 'retry-after': '90', 'x-should-retry': 'false' }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(/ Not retried: the server said not to \(x-should-retry: false\)\.$/);
    });
  });

  test("the caller's abort during a wait rejects at once with APIUserAbortError and leaves no timer behind", async () => {
    const controller = new AbortController();
    const fetch = scripted(rateLimited({ 'retry-after': '30', 'x-request-id': 'req_01wait' }));
    let settled = false;
    const pending = new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions
      .create({ model, messages }, { signal: controller.signal })
      .catch((caught: unknown) => caught)
      .finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(1); // the wait, the attempt's timeout already cleared
    const reason = new Error('user left');
    controller.abort(reason);
    // No time passes: the rejection must not wait for the 29 s left.
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    const error = await pending;
    expect(error).toBeInstanceOf(APIUserAbortError);
    // What it waited for: a deadline (AbortSignal.timeout) that fires during a rate limit's wait says so.
    expect((error as Error).message).toBe('Request was aborted while waiting 30.0 s to retry after status 429. [POST /openai/v1/chat/completions, request req_01wait]');
    expect((error as Error).cause).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(await callsAfter(fetch, 60_000)).toBe(1);
  });
});

test("the caller's abort while waiting to retry a request that got no response says so", async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const controller = new AbortController();
  const fetch = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) })));
  const pending = new Groq({ apiKey: 'k', fetch, maxRetries: 2 }).chat.completions.create({ model, messages }, { signal: controller.signal }).catch((caught: unknown) => caught);
  await vi.advanceTimersByTimeAsync(100);
  controller.abort();
  expect(((await pending) as Error).message).toBe(
    'Request was aborted while waiting 0.5 s to retry after no response (fetch failed: connect ECONNREFUSED 127.0.0.1:9). [POST /openai/v1/chat/completions]',
  );
});

describe('timeout', () => {
  /** A fetch whose answers each come `ms` after the call, or never when the attempt's signal aborts first. */
  function after(ms: number, ...answers: (() => Response)[]): Fetch & { calls: number } {
    return scripted(
      ...answers.map(
        (answer) => (_url: string, init: RequestInit) =>
          new Promise<Response>((resolve, reject) => {
            const timer = setTimeout(() => resolve(answer()), ms);
            init.signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(init.signal?.reason);
            });
          }),
      ),
    );
  }

  test('is for each try: two tries of 0.6 s each both fit a timeout of 1 s, though together they take longer', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = after(600, unavailable(), completion);
    const answer = new Groq({ apiKey: 'k', fetch, maxRetries: 1, timeout: 1000 }).chat.completions.create({ model, messages });
    await vi.advanceTimersByTimeAsync(600 + 500 + 600);
    expect(fetch.calls).toBe(2);
    expect((await answer).id).toBe('c1');
  });

  test('a try without headers in time is retried, each try with a timeout of its own, and the last one says how many tries were made', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fetch = after(1001, completion);
    const error = new Groq({ apiKey: 'k', fetch, maxRetries: 1, timeout: 1000 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(await callsAfter(fetch, 1000 + 499)).toBe(1);
    expect(await callsAfter(fetch, 1)).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((await error as Error).message).toMatch(/^Request timed out after 1000 ms waiting for the response headers\. .* It was tried 2 times \(maxRetries: 1\)\.$/);
  });

  test.each([
    ["undici's connect timeout", 'UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error (attempted address: api.groq.com:443, timeout: 10000ms)'],
    ["the system's", 'ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'],
  ])("a connection that timed out before any answer (%s) is retried, then an APIConnectionTimeoutError, as groq-sdk classes it", async (_, code, text) => {
    const fetch = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(text), { code }) })));
    const error = new Groq({ apiKey: 'k', fetch, maxRetries: 1 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(500);
    expect(fetch.calls).toBe(2);
    expect(await error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((await error as Error).message).toMatch(new RegExp(`^The request got no response: fetch failed: ${text.replace(/[.()]/g, '\\$&')}\\. .* It was tried 2 times \\(maxRetries: 1\\)\\.$`));
    // Refused is no timeout.
    const refused = scripted(() => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) })));
    const other = await new Groq({ apiKey: 'k', fetch: refused, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(other).toBeInstanceOf(APIConnectionError);
    expect(other).not.toBeInstanceOf(APIConnectionTimeoutError);
  });

  describe('a 2xx that comes just as it fires, from a fetch that ignores its signal (given one more turn to answer)', () => {
    /** The answer's body, whose cancel says the response was let go of. */
    const answer = (stream: boolean) => {
      const transcript = createChunkTranscript({ chunks: 2 });
      const made = createTestBody(stream ? [encodeSSETranscript(transcript)] : [JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] })]);
      return { ...made, response: new Response(made.body, { headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' } }), transcript };
    };
    /** A fetch whose first answer comes at 1000 ms, after the attempt's timeout of as much (set first) has fired; the next ones at once. */
    function atTheDeadline(...answers: ReturnType<typeof answer>[]): Fetch & { calls: number } {
      return scripted(
        () => new Promise<Response>((resolve) => setTimeout(() => resolve(answers[0]!.response), 1000)),
        ...answers.slice(1).map((each) => () => each.response),
      );
    }

    test.each([false, true])('is a timeout, retried, not an abort nor a body read too late (stream: %s)', async (stream) => {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const [late, next] = [answer(stream), answer(stream)];
      const fetch = atTheDeadline(late, next);
      const result = new Groq({ apiKey: 'k', fetch, timeout: 1000, maxRetries: 1 }).chat.completions.create({ model, messages, stream });
      expect(await callsAfter(fetch, 1000 + 499)).toBe(1);
      expect(await callsAfter(fetch, 1)).toBe(2);
      // Let go of, not read: its controller was aborted, so its body could not be.
      expect(late.stats.cancelled).toBe(true);
      const data = await result;
      if (stream) {
        const chunks: unknown[] = [];
        for await (const chunk of data as AsyncIterable<unknown>) chunks.push(chunk);
        expect(chunks).toEqual(next.transcript);
      } else {
        expect((data as { id: string }).id).toBe('c1');
      }
    });

    test.each([false, true])('without retries, an APIConnectionTimeoutError for the headers (stream: %s)', async (stream) => {
      const late = answer(stream);
      const client = new Groq({ apiKey: 'k', fetch: atTheDeadline(late), timeout: 1000, maxRetries: 0 });
      // A stream is read too: that is where the abort of its controller showed.
      const error = (async () => {
        const data = await client.chat.completions.create({ model, messages, stream });
        if (stream) for await (const _ of data as AsyncIterable<unknown>);
      })().catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((await error as Error).message).toBe(
        'Request timed out after 1000 ms waiting for the response headers. [POST /openai/v1/chat/completions]. Raise the `timeout` option, or retry. Retries were off (maxRetries: 0).',
      );
      expect(late.stats.cancelled).toBe(true);
    });
  });

  test('of a stream covers its headers only, as the README says: with streamIdleTimeout off, chunks 0.8 s apart outlast a 1 s timeout', async () => {
    const transcript = createChunkTranscript({ chunks: 5 });
    const pieces = new TextDecoder().decode(encodeSSETranscript(transcript)).split(/(?<=\n\n)/);
    let signal: AbortSignal | undefined;
    const fetch = (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      const { body } = createTestBody(pieces, { delayMs: 800 });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    };
    const client = new Groq({ apiKey: 'k', fetch, timeout: 1000, streamIdleTimeout: 0 });
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    let settled = false;
    const read = (async () => {
      const chunks: unknown[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    })().finally(() => (settled = true));
    for (let elapsed = 0; !settled && elapsed < 800 * (pieces.length + 2); elapsed += 100) await vi.advanceTimersByTimeAsync(100);
    expect(signal?.aborted).toBe(false);
    expect(await read).toEqual(transcript);
    expect(pieces.length * 800).toBeGreaterThan(1000);
  });
});
