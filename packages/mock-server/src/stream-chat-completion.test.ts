import { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { arrivalGroups } from '@groq-stream/core/test';
import { chatBody, MODEL, parseSseFrames, postChat, readChunks, waitUntil } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const USAGE_KEYS = ['queue_time', 'prompt_tokens', 'prompt_time', 'completion_tokens', 'completion_time', 'total_tokens', 'total_time'];

describe('a streamed answer', () => {
  it('sends Groq headers', async () => {
    const response = await postChat(server.url, chatBody('headers'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-request-id')).toMatch(/^req_01[0-9a-z]{24}$/);
    for (const kind of ['requests', 'tokens']) {
      expect(Number(response.headers.get(`x-ratelimit-limit-${kind}`))).toBeGreaterThan(0);
      expect(Number(response.headers.get(`x-ratelimit-remaining-${kind}`))).toBeGreaterThanOrEqual(0);
      expect(response.headers.get(`x-ratelimit-reset-${kind}`)).toMatch(/^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);
    }
    expect(response.headers.get('retry-after')).toBeNull();
    await response.text();
  });

  it('has exactly the wire shape: data-only events, role chunk, content chunks, last chunk with usage, [DONE]', async () => {
    const response = await postChat(server.url, chatBody('Describe the wire shape'));
    const requestId = response.headers.get('x-request-id');
    const text = await response.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const frames = parseSseFrames(text);
    expect(frames.every((frame) => frame.event === undefined)).toBe(true);
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.data) as Record<string, any>);
    const [first, ...rest] = chunks;
    const last = rest.pop()!;

    expect(Object.keys(first!)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'x_groq']);
    expect(first).toMatchObject({
      object: 'chat.completion.chunk',
      model: MODEL,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      x_groq: { id: requestId, seed: expect.any(Number) },
    });
    expect(first!.id).toMatch(/^chatcmpl-/);
    expect(first!.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(Math.abs(first!.created - Date.now() / 1000)).toBeLessThan(60);

    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: first!.id, created: first!.created, model: MODEL, system_fingerprint: first!.system_fingerprint });
    }
    for (const chunk of rest) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices']);
      expect(chunk.choices).toEqual([{ index: 0, delta: { content: expect.any(String) }, logprobs: null, finish_reason: null }]);
    }
    expect(rest.map((chunk) => chunk.choices[0].delta.content)).toEqual(generateAnswerTokens('Describe the wire shape'));

    expect(last.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    expect(Object.keys(last.usage)).toEqual(USAGE_KEYS);
    // Groq names the service tier only on the usage chunk of stream_options.include_usage (below).
    expect(Object.keys(last)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'x_groq', 'usage']);
    expect(last.x_groq).toEqual({ id: requestId, usage: last.usage });
    expect(last.usage.completion_tokens).toBe(rest.length);
    expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + last.usage.completion_tokens);
    for (const key of ['queue_time', 'prompt_time', 'completion_time', 'total_time']) expect(last.usage[key]).toBeGreaterThan(0);
  });

  it('is deterministic: the same prompt gives the same tokens, seed and usage, with fresh ids', async () => {
    const [a, b] = await Promise.all([readChunks(await postChat(server.url, chatBody('same'))), readChunks(await postChat(server.url, chatBody('same')))]);
    const strip = (chunks: Record<string, any>[]) => chunks.map((chunk) => ({ choices: chunk.choices, usage: chunk.usage, seed: chunk.x_groq?.seed }));
    expect(strip(a)).toEqual(strip(b));
    expect(a[0]!.id).not.toBe(b[0]!.id);
    expect(a[0]!.x_groq.id).not.toBe(b[0]!.x_groq.id);
  });

  it('sends one more chunk with no choices, the usage and the service tier, when stream_options.include_usage is true', async () => {
    const chunks = await readChunks(await postChat(server.url, chatBody('usage chunk', { stream_options: { include_usage: true } })));
    const [finish, usageChunk] = chunks.slice(-2) as [Record<string, any>, Record<string, any>];
    expect(finish.choices[0].finish_reason).toBe('stop');
    expect(finish.x_groq.usage).toEqual(finish.usage);
    expect(Object.keys(usageChunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'usage', 'service_tier']);
    expect(usageChunk).toMatchObject({ id: finish.id, created: finish.created, choices: [], usage: finish.usage, service_tier: 'on_demand' });
    for (const options of [{ include_usage: false }, {}]) {
      const without = await readChunks(await postChat(server.url, chatBody('usage chunk', { stream_options: options })));
      expect(without.at(-1)!.choices[0].finish_reason).toBe('stop');
    }
  });

  it('writes whole usage times as floats in x_groq.usage, usage and the include_usage chunk, as Python readers expect them', async () => {
    // 1,000 unthrottled tokens take 1 s by the nominal speed: JSON.stringify wrote "completion_time":1,
    // which Python's json.loads reads as an int, where Groq sends floats.
    const response = await postChat(server.url, chatBody('whole times', { stream_options: { include_usage: true } }), { 'x-mock-tokens': '1000' });
    const text = await response.text();
    expect(text.match(/"completion_time":[^,]+/g)).toEqual(['"completion_time":1.0', '"completion_time":1.0', '"completion_time":1.0']);
    const chunks = parseSseFrames(text).slice(0, -1).map((frame) => JSON.parse(frame.data) as Record<string, any>);
    expect(chunks.at(-1)!.usage).toMatchObject({ completion_tokens: 1000, completion_time: 1 });
  });

  it('echoes the request seed in x_groq.seed', async () => {
    const chunks = await readChunks(await postChat(server.url, chatBody('seeded', { seed: 1234 })));
    expect(chunks[0]!.x_groq.seed).toBe(1234);
  });

  it('echoes any int64 seed digit for digit, streamed or not, past 2^53 too (a Python client sends them)', async () => {
    const seeds = [
      ['9223372036854775807', '9223372036854775807'],
      ['-9223372036854775808', '-9223372036854775808'],
      ['9007199254740993', '9007199254740993'],
      ['-9007199254740991', '-9007199254740991'],
      ['0', '0'],
      // Another spelling of an integer is echoed as its digits.
      ['9.2e18', '9200000000000000000'],
      ['12345678901234567890e-1', '1234567890123456789'],
    ];
    for (const stream of [true, false]) {
      for (const [seed, echoed] of seeds) {
        const body = JSON.stringify(chatBody('seeded', { stream, seed: 0 })).replace('"seed":0', `"seed":${seed}`);
        const response = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body });
        // The text, not the parsed chunk: a reader with exact integers (Python, Go) sees these digits.
        expect((await response.text()).match(/"seed":[^,}]+/g), `${seed}, stream: ${stream}`).toEqual([`"seed":${echoed}`]);
      }
    }
  });

  it('sends x-mock-tokens content tokens, and zero tokens still ends properly', async () => {
    const chunks = await readChunks(await postChat(server.url, chatBody('count'), { 'x-mock-tokens': '250' }));
    expect(chunks).toHaveLength(252);
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content)).toEqual(generateAnswerTokens('count', 250));
    const empty = await readChunks(await postChat(server.url, chatBody('count'), { 'x-mock-tokens': '0' }));
    expect(empty.map((chunk) => chunk.choices[0].delta)).toEqual([{ role: 'assistant', content: '' }, {}]);
    expect(empty[1]!.usage.completion_tokens).toBe(0);
  });

  it.each(['max_completion_tokens', 'max_tokens'])('stops with finish_reason length at %s', async (field) => {
    const chunks = await readChunks(await postChat(server.url, chatBody('cut me', { [field]: 5 }), { 'x-mock-tokens': '50' }));
    expect(chunks).toHaveLength(7);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('length');
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(5);
    const notCut = await readChunks(await postChat(server.url, chatBody('cut me', { [field]: 50 }), { 'x-mock-tokens': '50' }));
    expect(notCut.at(-1)!.choices[0].finish_reason).toBe('stop');
  });

  it('ends the answer before the first stop sequence, with the same text and usage streamed or not', async () => {
    const prompt = 'stop here';
    const text = generateAnswerTokens(prompt).join('');
    const before = (sequences: string[]) => {
      const found = sequences.map((sequence) => text.indexOf(sequence)).filter((at) => at >= 0);
      return found.length === 0 ? text : text.slice(0, Math.min(...found));
    };
    // Sequences that start a token, start inside one, span two; the earliest of several; one that never occurs.
    for (const stop of [' asked', 'sked', 'd: “st', ['never there', '”', ':'], 'never there']) {
      const expected = before([stop].flat());
      const chunks = await readChunks(await postChat(server.url, chatBody(prompt, { stop })));
      const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content as string);
      expect(deltas.join(''), JSON.stringify(stop)).toBe(expected);
      expect(deltas.every((delta) => delta !== '')).toBe(true);
      const last = chunks.at(-1)!;
      expect(last.choices[0].finish_reason).toBe('stop');
      expect(last.usage.completion_tokens).toBe(deltas.length);
      const completion = (await (await postChat(server.url, chatBody(prompt, { stop, stream: false }))).json()) as Record<string, any>;
      expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expected } });
      expect(completion.usage).toEqual(last.usage);
    }
  });

  it('reports length when max_completion_tokens comes before the stop sequence, and stop when it comes after', async () => {
    const tokens = generateAnswerTokens('stop or length', 20);
    const stop = tokens.slice(10, 12).join('');
    const early = await readChunks(await postChat(server.url, chatBody('stop or length', { stop, max_completion_tokens: 5 }), { 'x-mock-tokens': '20' }));
    expect(early.at(-1)!.choices[0].finish_reason).toBe('length');
    expect(early.slice(1, -1).map((chunk) => chunk.choices[0].delta.content)).toEqual(tokens.slice(0, 5));
    const late = await readChunks(await postChat(server.url, chatBody('stop or length', { stop, max_completion_tokens: 15 }), { 'x-mock-tokens': '20' }));
    expect(late.at(-1)!.choices[0].finish_reason).toBe('stop');
    expect(late.slice(1, -1).map((chunk) => chunk.choices[0].delta.content).join('')).toBe(tokens.join('').slice(0, tokens.join('').indexOf(stop)));
  });

  it('uses the last user message as the prompt', async () => {
    const body = chatBody('ignored', {
      messages: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'an answer' },
        { role: 'user', content: 'second question' },
        { role: 'system', content: 'a late system note' },
      ],
    });
    const chunks = await readChunks(await postChat(server.url, body));
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content).join('')).toBe(generateAnswerTokens('second question').join(''));
  });

  it('counts a completed stream', async () => {
    await readChunks(await postChat(server.url, chatBody('stats')));
    expect(server.stats()).toEqual({ requests: 1, streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
  });

  // How fast is for `pnpm bench` to say: a time bound here only failed on a loaded machine. The number of
  // writes is what tells batching from a write per chunk. 10,000 tokens (2.7 MB, some forty 64 KB batches)
  // tell it as the benchmark's 100,000 do, in a tenth of the work: 100,000 took 2 s alone, and past the 20 s
  // limit beside other suites on two busy cores.
  it('streams 10,000 unthrottled tokens whole, in far fewer socket writes than chunks', async () => {
    const write = vi.spyOn(ServerResponse.prototype, 'write');
    try {
      const response = await postChat(server.url, chatBody('benchmark'), { 'x-mock-tokens': '10000' });
      const text = await response.text();
      expect(text.split('\n\n').length - 1).toBe(10_003);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(write.mock.calls.length).toBeLessThan(100);
    } finally {
      write.mockRestore();
    }
  });
});

describe('a stream to an HTTP/1.0 client', () => {
  /** Sends a raw HTTP/1.0 request for a stream of 3 tokens; reads until the server closes the connection. */
  function http10Exchange(extraHeaders: string): Promise<{ head: string; body: string }> {
    const body = JSON.stringify(chatBody('old client'));
    return new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.once('error', reject);
      socket.once('close', () => {
        const split = text.indexOf('\r\n\r\n');
        resolve({ head: text.slice(0, split), body: text.slice(split + 4) });
      });
      socket.write(
        `POST /openai/v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nX-Mock-Tokens: 3\r\n${extraHeaders}` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  }

  // HTTP/1.0 has no chunked coding (RFC 9112 section 6.1: a server must not send Transfer-Encoding to it). A
  // `TE: chunked` header (which an HTTP/1.0 proxy may pass on) made Node frame the stream in chunks anyway,
  // and the client read the chunk sizes as part of the events.
  it.each([
    ['a plain request', ''],
    ['a request that sends TE: chunked', 'TE: chunked\r\n'],
    ['a request that asks to keep the connection alive', 'Connection: keep-alive\r\nTE: trailers, chunked\r\n'],
  ])('ends with the connection, without chunked framing, for %s', async (_, extraHeaders) => {
    const { head, body } = await http10Exchange(extraHeaders);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(head).not.toMatch(/content-length/i);
    expect(body).toMatch(/^(data: [^\n]+\n\n)+$/);
    const frames = parseSseFrames(body);
    expect(frames).toHaveLength(6);
    expect(frames.at(-1)?.data).toBe('[DONE]');
    await vi.waitFor(() => expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 }));
  });
});

describe('a non-streamed answer', () => {
  it('is the ChatCompletion equivalent of the stream', async () => {
    const response = await postChat(server.url, chatBody('non-streaming', { stream: false }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const requestId = response.headers.get('x-request-id');
    const completion = (await response.json()) as Record<string, any>;
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: MODEL,
      system_fingerprint: expect.stringMatching(/^fp_/),
      choices: [{ index: 0, message: { role: 'assistant', content: generateAnswerTokens('non-streaming').join('') }, logprobs: null, finish_reason: 'stop' }],
      x_groq: { id: requestId, seed: expect.any(Number) },
      service_tier: 'on_demand',
    });
    expect(Object.keys(completion.usage)).toEqual(USAGE_KEYS);
    // Groq's key order, with usage_breakdown null (it is Compound's per-model usage).
    const keys = ['id', 'object', 'created', 'model', 'choices', 'usage', 'usage_breakdown', 'system_fingerprint', 'x_groq', 'service_tier'];
    expect([Object.keys(completion), completion.usage_breakdown]).toEqual([keys, null]);
    const streamed = await readChunks(await postChat(server.url, chatBody('non-streaming')));
    expect(streamed.at(-1)!.usage).toEqual(completion.usage);
    // The same seed and tier, streamed or not.
    const withUsage = await readChunks(await postChat(server.url, chatBody('non-streaming', { stream_options: { include_usage: true } })));
    expect([streamed[0]!.x_groq.seed, withUsage.at(-1)!.service_tier]).toEqual([completion.x_groq.seed, completion.service_tier]);
    expect(server.stats().streamsStarted).toBe(2);
  });

  it('writes a whole usage time as a float', async () => {
    const text = await (await postChat(server.url, chatBody('whole times', { stream: false }), { 'x-mock-tokens': '1000' })).text();
    expect(text.match(/"completion_time":[^,]+/g)).toEqual(['"completion_time":1.0']);
    expect((JSON.parse(text) as Record<string, any>).usage.completion_time).toBe(1);
  });

  it('is cut with finish_reason length', async () => {
    const completion = (await (await postChat(server.url, chatBody('short', { stream: false, max_completion_tokens: 3 }))).json()) as Record<string, any>;
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'You asked:' } });
    expect(completion.usage.completion_tokens).toBe(3);
  });
});

describe('pace', () => {
  it('streams 10 tokens at 20 tokens/s in about half a second', async () => {
    const start = performance.now();
    const response = await postChat(server.url, chatBody('paced'), { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '10' });
    const chunks = await readChunks(response);
    expect(chunks).toHaveLength(12);
    expect(performance.now() - start).toBeGreaterThanOrEqual(400);
  });

  it('delivers paced chunks one by one, not all at the end', async () => {
    const response = await postChat(server.url, chatBody('paced'), { 'x-mock-tokens-per-second': '10', 'x-mock-tokens': '4' });
    const reader = response.body!.getReader();
    const arrivals: number[] = [];
    const start = performance.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(performance.now() - start);
    }
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivalGroups(arrivals)).toBeGreaterThanOrEqual(3);
  });

  it('waits x-mock-ttft-ms after the headers before the first token', async () => {
    const start = performance.now();
    const response = await postChat(server.url, chatBody('ttft'), { 'x-mock-ttft-ms': '2000' });
    const reader = response.body!.getReader();
    await reader.read();
    expect(performance.now() - start).toBeGreaterThanOrEqual(1980);
    await reader.cancel();
  });

  it('sends the headers without waiting for the first token', async () => {
    // The first token an hour away: headers held back for it would fail by the test's timeout.
    const controller = new AbortController();
    const response = await postChat(server.url, chatBody('ttft'), { 'x-mock-ttft-ms': '3600000' }, controller.signal);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0 });
    controller.abort();
    await waitUntil(() => server.stats().streamsAborted === 1);
  });

  it('applies server-wide pace options, which headers override', async () => {
    const slow = await createMockGroqServer({ tokensPerSecond: 20, tokens: 10, ttftMs: 600 });
    try {
      const start = performance.now();
      expect(await readChunks(await postChat(slow.url, chatBody('x')))).toHaveLength(12);
      expect(performance.now() - start).toBeGreaterThanOrEqual(980);
    } finally {
      await slow.close();
    }
    // A server whose own pace would take over an hour: ignoring the headers could only fail by the test's timeout.
    const slower = await createMockGroqServer({ tokensPerSecond: 1, tokens: 10, ttftMs: 3_600_000 });
    try {
      expect(await readChunks(await postChat(slower.url, chatBody('x'), { 'x-mock-tokens-per-second': '0', 'x-mock-ttft-ms': '0' }))).toHaveLength(12);
    } finally {
      await slower.close();
    }
  });

  it('delays a non-streamed answer as long as streaming it would take', async () => {
    const start = performance.now();
    const response = await postChat(server.url, chatBody('slow json', { stream: false }), { 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '10', 'x-mock-ttft-ms': '100' });
    expect(response.status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(280);
  });
});
