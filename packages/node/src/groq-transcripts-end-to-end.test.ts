import { PassThrough, Readable } from 'node:stream';
import { createChatRouteHandler, Stream as WebStream } from '@groq-stream/web';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from './cli/run-cli.js';
import { Groq } from './groq.js';
import { createChatStreamMiddleware, GroqError, StreamServerError, type ChatCompletion, type ChatCompletionChunk } from './index.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';

// Groq's stream shapes (GROQ-WIRE.md, groq-sdk's chunk types) served over HTTP as Groq writes them, and read
// by every consumer the packages offer: the client's own Stream, a browser behind the Express relay, a browser
// behind the Next route handler, and the `groq-stream` command. Each must see every chunk with every field as
// the transcript holds it, and the same merged answer; a transcript that ends in an error, the chunks before it
// and then an error.

const apiKey = 'gsk_test_secret_key_0123456789';
const requestId = 'req_01kbx6zq7cfmas4f2e0pprh4hd';
const usage = { queue_time: 0.046233, prompt_tokens: 45, prompt_time: 0.002310735, completion_tokens: 12, completion_time: 0.043636364, total_tokens: 57, total_time: 0.045947099 };

function chunkOf(model: string) {
  const head = { id: 'chatcmpl-4a6f0b62-0e2b-4b7c-9a8f-2d1f5c9e7a31', object: 'chat.completion.chunk', created: 1764927741, model, system_fingerprint: 'fp_3f3b593e33' };
  return (delta: object, finish: string | null = null, extra: object = {}) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
}

interface Transcript {
  model: string;
  chunks: object[];
  /** The body as Groq writes it; by default each chunk as `data: <json>\n\n`, then `data: [DONE]\n\n`. */
  body?: string;
  /** The message of the error the stream ends with, after its chunks; none when it ends well. */
  error?: RegExp;
}

const dataOf = (chunks: object[]): string => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');

const plain = chunkOf('llama-3.3-70b-versatile');
const kimi = chunkOf('moonshotai/kimi-k2-instruct-0905');
const gptOss = chunkOf('openai/gpt-oss-120b');
const qwen = chunkOf('qwen/qwen3-32b');
const compound = chunkOf('groq/compound');
const search = { index: 0, type: 'search', arguments: '{"query":"weather in Paris today"}' };
const searchResults = { results: [{ title: 'Paris forecast', url: 'https://example.com/paris', content: 'Sunny, 21 °C', score: 0.91 }], images: [] };
const code = { index: 1, type: 'python', arguments: '{"code":"print(21 * 9 / 5 + 32)"}' };
const breakdown = {
  models: [
    { model: 'openai/gpt-oss-120b', usage: { ...usage, completion_tokens: 8, total_tokens: 53 } },
    { model: 'llama-3.3-70b-versatile', usage: { ...usage, completion_tokens: 4, total_tokens: 49 } },
  ],
};
const nullDetails = { ...usage, prompt_tokens_details: null, completion_tokens_details: null };

const textChunks = [
  plain({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1321871292 } }),
  plain({ content: 'Hello' }),
  plain({ content: ', café 😀' }),
  plain({ content: '!' }),
  plain({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
];

const thinkChunks = [
  qwen({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 4 } }),
  qwen({ content: '<think>\nA & B > C, see https://example.com/a\n</think>\n\n' }),
  qwen({ content: 'Yes: A & B.' }),
  qwen({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
];

const transcripts: Record<string, Transcript> = {
  'plain text': { model: 'llama-3.3-70b-versatile', chunks: textChunks },
  'plain text with keep-alive comments and CRLF line ends': {
    model: 'llama-3.3-70b-versatile',
    chunks: textChunks,
    body: `: keep-alive\r\n\r\n${dataOf(textChunks.slice(0, 2)).replaceAll('\n', '\r\n')}: ping\r\n\r\n${dataOf(textChunks.slice(2)).replaceAll('\n', '\r\n')}data: [DONE]\r\n\r\n`,
  },
  'plain text whose body ends without a line break after data: [DONE], as a transcript saved trimmed': {
    model: 'llama-3.3-70b-versatile',
    chunks: textChunks,
    body: `${dataOf(textChunks)}data: [DONE]`,
  },
  'tool calls, whole in one delta with the index last (as Groq sends them) and in pieces': {
    model: 'moonshotai/kimi-k2-instruct-0905',
    chunks: [
      kimi({ role: 'assistant', content: null }, null, { x_groq: { id: requestId, seed: 12 } }),
      kimi({ tool_calls: [{ id: 'functions.get_weather:0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' }, index: 0 }] }),
      kimi({ tool_calls: [{ index: 1, id: 'call_x3', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
      kimi({ tool_calls: [{ index: 1, function: { arguments: '{"tz":' } }] }),
      kimi({ tool_calls: [{ index: 1, function: { arguments: '"Europe/Paris"}' } }] }),
      kimi({}, 'tool_calls', { x_groq: { id: requestId, usage }, usage }),
    ],
  },
  'a reasoning model (gpt-oss): reasoning deltas, then content, usage with token details, seed on the last chunk': {
    model: 'openai/gpt-oss-120b',
    chunks: [
      gptOss({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
      gptOss({ reasoning: 'The user asks ' }),
      gptOss({ reasoning: 'for 2 + 2.', content: '' }),
      gptOss({ content: '2 + 2 ' }),
      gptOss({ content: '= 4' }),
      gptOss({}, 'stop', {
        x_groq: { id: requestId, seed: 1185379466, usage: { ...usage, completion_tokens_details: { reasoning_tokens: 7 } } },
        usage: { ...usage, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 7 } },
      }),
    ],
  },
  'a reasoning model (qwen, reasoning_format parsed) with include_usage: the usage chunk with no choices': {
    model: 'qwen/qwen3-32b',
    chunks: [
      qwen({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 3 } }),
      qwen({ reasoning: 'Okay, a greeting.\n' }),
      qwen({ content: 'Hi!' }),
      qwen({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
      { ...qwen({}), choices: [], usage, service_tier: 'on_demand' },
    ],
  },
  'a Compound answer: executed tools with search results and code results, reasoning, usage_breakdown with models': {
    model: 'groq/compound',
    chunks: [
      compound({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1466325591 } }),
      compound({ reasoning: 'I should search the web.' }),
      compound({ reasoning: '', executed_tools: [search] }),
      compound({ executed_tools: [{ ...search, output: 'Title: Paris forecast\nSunny, 21 °C', search_results: searchResults }] }),
      compound({ executed_tools: [code] }),
      compound({ executed_tools: [{ ...code, output: '69.8\n', code_results: [{ text: '69.8\n' }] }] }),
      compound({ content: 'Sunny, 21 °C (69.8 °F).' }),
      compound({}, 'stop', { x_groq: { id: requestId, usage, usage_breakdown: breakdown }, usage, usage_breakdown: breakdown }),
    ],
  },
  'usage_breakdown with models: null, usage_breakdown null, null token details and service_tier': {
    model: 'llama-3.3-70b-versatile',
    chunks: [
      plain({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 7 }, usage: null, usage_breakdown: null, service_tier: 'on_demand' }),
      plain({ content: 'Hi' }, null, { service_tier: 'on_demand' }),
      plain({}, 'stop', { x_groq: { id: requestId, usage: nullDetails, usage_breakdown: { models: null } }, usage: nullDetails, service_tier: 'on_demand' }),
    ],
  },
  'Go-style escapes (\\u003c, \\u0026, \\/): the same values, whatever the spelling': {
    model: 'qwen/qwen3-32b',
    chunks: thinkChunks,
    // Go's encoding/json writes <, > and & as \u003c, \u003e and \u0026; some servers escape / too.
    body: `${dataOf(thinkChunks).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026').replaceAll('https://', 'https:\\/\\/')}data: [DONE]\n\n`,
  },
  'an error before the first chunk: a data object with an error member': {
    model: 'llama-3.3-70b-versatile',
    chunks: [],
    body: `data: ${JSON.stringify({ error: { message: 'Failed to call a function. Please adjust your prompt.', type: 'invalid_request_error', code: 'tool_use_failed', failed_generation: '<function=x>' } })}\n\n`,
    error: /Failed to call a function/,
  },
  'a stream stopped early: x_groq.error on the last chunk': {
    model: 'openai/gpt-oss-20b',
    chunks: [
      plain({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 9 } }),
      plain({ content: 'The answer' }),
      plain({}, 'stop', { x_groq: { id: requestId, error: 'Service Unavailable: the model is over capacity, please retry' } }),
    ],
    error: /over capacity/,
  },
  'an error in the middle of a stream: a data object with an error member': {
    model: 'llama-3.3-70b-versatile',
    chunks: textChunks.slice(0, 2),
    body: `${dataOf(textChunks.slice(0, 2))}data: ${JSON.stringify({ error: { message: 'Failed to call a function. Please adjust your prompt.', type: 'invalid_request_error', code: 'tool_use_failed', failed_generation: '<function=x>' } })}\n\n`,
    error: /Failed to call a function/,
  },
  'an error in the middle of a stream: an error event': {
    model: 'llama-3.3-70b-versatile',
    chunks: textChunks.slice(0, 3),
    body: `${dataOf(textChunks.slice(0, 3))}event: error\ndata: ${JSON.stringify({ error: { message: 'The server had an error while generating the response.', type: 'internal_server_error', code: 'internal_server_error' } })}\n\n`,
    error: /The server had an error while generating/,
  },
};

let upstream: { url: string; close: () => Promise<void> };
let relay: { url: string; close: () => Promise<void> };
const clientOf = (name: string): Groq => new Groq({ apiKey, baseURL: `${upstream.url}/${encodeURIComponent(name)}`, maxRetries: 0, logLevel: 'off' });

beforeAll(async () => {
  upstream = await listen((request, response) => {
    const name = decodeURIComponent(request.url!.split('/')[1]!);
    const transcript = transcripts[name]!;
    request.resume();
    request.once('end', () => {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-request-id': requestId,
        'x-groq-region': 'dls',
        'x-ratelimit-limit-requests': '1000',
        'x-ratelimit-limit-tokens': '12000',
        'x-ratelimit-remaining-requests': '999',
        'x-ratelimit-remaining-tokens': '11955',
        'x-ratelimit-reset-requests': '1m26.4s',
        'x-ratelimit-reset-tokens': '225ms',
      });
      response.end(transcript.body ?? `${dataOf(transcript.chunks)}data: [DONE]\n\n`);
    });
  });
  // One Express app for every transcript: the transcript's name picks the client, as an app's own `client` function would.
  const app = express();
  app.post(
    '/api/chat/:name',
    createChatStreamMiddleware({ client: (request) => clientOf((request as unknown as { params: { name: string } }).params.name), models: [...new Set(Object.values(transcripts).map((t) => t.model))] }),
  );
  relay = await listen(app);
});
afterAll(async () => {
  await relay?.close();
  await upstream?.close();
});

/** What a consumer saw: each chunk, the error it ended with, and the merged answer (when the reader gives one). */
interface Seen {
  chunks: unknown[];
  error: unknown;
  completion?: ChatCompletion | undefined;
}

async function readStream(stream: AsyncIterable<ChatCompletionChunk> & { tee(): [AsyncIterable<ChatCompletionChunk>, { finalChatCompletion(): Promise<ChatCompletion> }] }): Promise<Seen> {
  const [forChunks, forCompletion] = stream.tee();
  const completion = forCompletion.finalChatCompletion();
  completion.catch(() => undefined);
  const chunks: unknown[] = [];
  let error: unknown;
  try {
    for await (const chunk of forChunks) chunks.push(chunk);
  } catch (caught) {
    error = caught;
  }
  return { chunks, error, completion: await completion.catch(() => undefined) };
}

const messagesOf = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Hi' }] });

/** The transcript's chunks as a relay passes them on: `x_groq.error` stays on the server (the relay ends with an error event instead). */
const relayed = (chunks: object[]): object[] =>
  chunks.map((chunk) => {
    const xGroq = (chunk as { x_groq?: { error?: unknown } }).x_groq;
    if (xGroq?.error === undefined) return chunk;
    const { error: _, ...rest } = xGroq;
    return { ...chunk, x_groq: rest };
  });

async function runCommand(args: string[], baseURL: string, isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  const code = await runCli({
    argv: ['--no-stdin', '--max-retries', '0', ...args],
    env: { GROQ_API_KEY: apiKey, GROQ_BASE_URL: baseURL, GROQ_LOG: 'off' },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    stdout,
    stderr,
    isTTY,
    signal: new AbortController().signal,
  });
  return { code, stdout: out, stderr: err };
}

describe.each(Object.entries(transcripts))('%s', (name, transcript) => {
  const contentOf = (chunks: object[]): string => chunks.map((chunk) => (chunk as ChatCompletionChunk).choices[0]?.delta?.content ?? '').join('');

  async function direct(): Promise<Seen> {
    return readStream(await clientOf(name).chat.completions.create({ ...messagesOf(transcript.model), stream: true }));
  }

  test('the client: every chunk as sent, the merged answer, or the error after the chunks before it', async () => {
    const seen = await direct();
    expect(seen.chunks).toEqual(transcript.chunks);
    if (transcript.error === undefined) {
      expect(seen.error).toBeUndefined();
      expect(seen.completion).toBeDefined();
      expect(seen.completion!.choices[0]?.message.content ?? '').toBe(contentOf(transcript.chunks));
    } else {
      expect(seen.error).toBeInstanceOf(StreamServerError);
      expect((seen.error as StreamServerError).message).toMatch(transcript.error);
      expect((seen.error as StreamServerError).requestId).toBe(requestId);
    }
  });

  test('a browser behind the Express relay and behind the Next route handler: the same chunks, the same answer', async () => {
    const seen = await direct();
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], model: transcript.model });
    const viaExpress = await fetch(`${relay.url}/api/chat/${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(viaExpress.status).toBe(200);
    const handler = createChatRouteHandler({ client: clientOf(name), models: [transcript.model] });
    const viaNext = await handler(new Request('http://app.test/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    expect(viaNext.status).toBe(200);
    for (const [via, response] of [['Express', viaExpress], ['Next', viaNext]] as const) {
      const text = await response.text();
      // Byte for byte: each chunk's JSON as Groq wrote it (x_groq.error aside), whatever the line ends were.
      const data = text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => frame.slice('data: '.length));
      expect(data, via).toEqual([...relayed(transcript.chunks).map((chunk) => JSON.stringify(chunk)), ...(transcript.error === undefined ? ['[DONE]'] : [])]);
      const browser = await readStream(WebStream.fromSSEResponse<ChatCompletionChunk>(new Response(text, { headers: response.headers })));
      expect(browser.chunks, via).toEqual(relayed(transcript.chunks));
      if (transcript.error === undefined) {
        expect(browser.error, via).toBeUndefined();
        expect(browser.completion, via).toEqual(seen.completion);
      } else {
        expect(browser.error, via).toBeInstanceOf(GroqError);
        expect(text, via).toMatch(/\n\nevent: error\ndata: \{"error":\{[^\n]+\}\}\n\n$/);
        expect(browser.completion, via).toBeUndefined();
      }
    }
  });

  test('groq-stream: the content on stdout, with --json every chunk as sent, on a terminal the reasoning and a summary of the usage', async () => {
    const baseURL = `${upstream.url}/${encodeURIComponent(name)}`;
    const text = await runCommand(['-m', transcript.model, 'Hi'], baseURL);
    const json = await runCommand(['-m', transcript.model, '--json', 'Hi'], baseURL);
    // On a terminal: the reasoning on stderr (dimmed), the same answer on stdout, and a summary line of the usage.
    const terminal = await runCommand(['-m', transcript.model, 'Hi'], baseURL, true);
    const content = contentOf(transcript.chunks);
    const reasoning = transcript.chunks.map((chunk) => (chunk as ChatCompletionChunk).choices[0]?.delta?.reasoning ?? '').join('');
    if (transcript.error === undefined) {
      // An answer of tool calls alone prints nothing off --json, and says where they are.
      const toolCallsOnly = content === '' && transcript.chunks.some((chunk) => ((chunk as ChatCompletionChunk).choices[0]?.delta?.tool_calls?.length ?? 0) > 0);
      expect(text).toMatchObject({ code: 0, stderr: toolCallsOnly ? 'groq-stream: The model answered with tool calls, not text: --json prints them.\n' : '' });
      expect(text.stdout).toBe(content === '' ? '' : `${content}\n`);
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(terminal).toMatchObject({ code: 0, stdout: text.stdout });
      expect(terminal.stderr.replace(/\u001b\[2?2m/g, '')).toContain(reasoning);
      expect(terminal.stderr).toMatch(/ · 45 prompt \+ 12 completion tokens · Groq queue 46 ms, compute 46 ms( · finish reason tool_calls)?\n$/);
    } else {
      expect(text.code).not.toBe(0);
      expect(text.stderr).toMatch(transcript.error);
      expect(json.code).not.toBe(0);
    }
    expect(json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)).toEqual(transcript.chunks);
  });
});
