import { createTestResponse, encodeSSETranscript, createChunkTranscript } from '@groq-stream/core/test';
import { createSSEResponse } from '@groq-stream/web';
import { afterEach, describe, expect, test } from 'vitest';
import { APIConnectionTimeoutError, Stream, type ChatCompletionChunk } from './index.js';
import { pipeStreamToServerResponse } from './pipe-stream-to-server-response.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';

// The node relay (pipeStreamToServerResponse) and the web relay (createSSEResponse) write the same bytes for
// the same upstream, however the answer ends: complete, an upstream error, a cut, invalid data, or stopped
// from outside whatever the reason of the signal. The browser's reader cannot tell which runtime served it.

const chunks = createChunkTranscript({ chunks: 6, seed: 3 }) as unknown as ChatCompletionChunk[];
const requestId = 'req_01parity7k3m';
const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((server) => server.close()))));

/** An upstream that sends two chunks and then holds the connection open, as a model still thinking. */
function upstreamStream(): Stream<ChatCompletionChunk> {
  const { response } = createTestResponse([encodeSSETranscript(chunks.slice(0, 2), { done: false })], { holdOpen: true, headers: { 'x-request-id': requestId } });
  return Stream.fromSSEResponse<ChatCompletionChunk>(response);
}

/** Reads `body` to its end, calling `stop` once two data frames have arrived. */
async function readStopping(body: ReadableStream<Uint8Array>, stop: () => void): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let stopped = false;
  for (let result = await reader.read(); !result.done; result = await reader.read()) {
    text += decoder.decode(result.value, { stream: true });
    if (!stopped && text.split('data: ').length - 1 >= 2) {
      stopped = true;
      stop();
    }
  }
  return text;
}

async function throughNode(reason: () => unknown): Promise<string> {
  const controller = new AbortController();
  const server = await listen((_request, response) => void pipeStreamToServerResponse(upstreamStream(), response, { heartbeatMs: 0, signal: controller.signal }));
  servers.push(server);
  const response = await fetch(server.url);
  return readStopping(response.body!, () => controller.abort(reason()));
}

async function throughWeb(reason: () => unknown): Promise<string> {
  const controller = new AbortController();
  const response = createSSEResponse(upstreamStream(), { heartbeatMs: 0, signal: controller.signal });
  return readStopping(response.body!, () => controller.abort(reason()));
}

const reasons: [string, () => unknown][] = [
  ['AbortSignal.timeout()', () => new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
  ['a plain Error', () => new Error('server shutting down')],
  ['no reason', () => undefined],
  ['an SDK timeout without a request id', () => new APIConnectionTimeoutError()],
];

describe('an abort from outside, node relay and web relay', () => {
  test.each(reasons)('%s: the same bytes from both, the error event carrying the upstream request id', async (_, reason) => {
    const [node, web] = await Promise.all([throughNode(reason), throughWeb(reason)]);
    expect(node).toBe(web);
    const frames = node.split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[2]).toMatch(/^event: error\ndata: /);
    const payload = (JSON.parse(frames[2]!.slice(frames[2]!.indexOf('data: ') + 6)) as { error: { requestId?: string } }).error;
    expect(payload.requestId).toBe(requestId);
    expect(node).not.toContain('[DONE]');
  });
});

/** An upstream that sends `pieces` and ends (or breaks with `breakWith`). */
function endingStream(pieces: (Uint8Array | string)[], breakWith?: Error): Stream<ChatCompletionChunk> {
  const { response } = createTestResponse(pieces, { headers: { 'x-request-id': requestId }, breakWith });
  return Stream.fromSSEResponse<ChatCompletionChunk>(response);
}

async function bothRelays(make: () => Stream<ChatCompletionChunk>, options: { heartbeatMs: number; signal?: AbortSignal }): Promise<[string, string]> {
  const server = await listen((_request, response) => void pipeStreamToServerResponse(make(), response, options));
  servers.push(server);
  const node = await (await fetch(server.url)).text();
  const web = await createSSEResponse(make(), options).text();
  return [node, web];
}

const twoChunks = encodeSSETranscript(chunks.slice(0, 2), { done: false });
const endings: [string, () => Stream<ChatCompletionChunk>][] = [
  ['a complete answer', () => endingStream([encodeSSETranscript(chunks)])],
  ['an error event from upstream', () => endingStream([`${twoChunks}event: error\ndata: {"error":{"message":"Model overloaded","type":"server_error"}}\n\n`])],
  ['a body cut without [DONE]', () => endingStream([twoChunks])],
  ['a connection that breaks', () => endingStream([twoChunks], new TypeError('terminated'))],
  ['invalid data', () => endingStream([`${twoChunks}data: {not json\n\n`])],
];

describe('how an answer ends, node relay and web relay', () => {
  test.each(endings)('%s: the same bytes from both, heartbeat first', async (_, make) => {
    const [node, web] = await bothRelays(make, { heartbeatMs: 60_000 });
    expect(node).toBe(web);
    expect(node.startsWith(': ping\n\n')).toBe(true);
  });

  test('a signal aborted before the first byte: the same lone error event from both, with the request id', async () => {
    const [node, web] = await bothRelays(upstreamStream, { heartbeatMs: 0, signal: AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')) });
    expect(node).toBe(web);
    expect(node).toBe('event: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01parity7k3m"}}\n\n');
  });
});

describe("a relay's cut-off read back and passed on again, node relay and web relay", () => {
  test("the same bytes from both, and the first relay's error event as it was: the app's own type and words too", async () => {
    const firstEvents = [
      `{"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"${requestId}","code":"stream_truncated"}}`,
      '{"error":{"type":"answer_lost","message":"Sorry, the answer was cut.","code":"stream_truncated"}}',
    ];
    for (const [index, errorPayload] of [undefined, () => ({ type: 'answer_lost', message: 'Sorry, the answer was cut.' })].entries()) {
      // A first relay for an upstream cut off after two chunks; the second reads its bytes as a browser would.
      const first = await createSSEResponse(endingStream([twoChunks]), { heartbeatMs: 0, errorPayload }).text();
      expect(first.endsWith(`event: error\ndata: ${firstEvents[index]}\n\n`)).toBe(true);
      const [node, web] = await bothRelays(() => Stream.fromSSEResponse<ChatCompletionChunk>(new Response(first)), { heartbeatMs: 0 });
      expect(node).toBe(web);
      expect(node).toBe(first);
    }
  });
});

describe('answer data with the names and words of credentials, node relay and web relay', () => {
  test('logprob tokens, usage and tool call arguments reach the browser as sent, from both', async () => {
    // What the redaction of error messages would rewrite: only a key's value is redacted in an answer, never a name.
    const logprobs = { content: [{ token: 'token', logprob: -0.01, bytes: [116, 111, 107, 101, 110], top_logprobs: [{ token: 'token', logprob: -0.01, bytes: null }] }] };
    const named = [
      { ...chunks[1]!, choices: [{ index: 0, delta: { content: 'Send Authorization: Bearer <your-token-here>, not password: hunter2' }, logprobs, finish_reason: null }] },
      { ...chunks[1]!, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'login', arguments: '{"token": "tok_live_abcdef123456", "api_key": "sk-other-1234567890"}' } }] }, logprobs: null, finish_reason: null }] },
      chunks.at(-1)!,
    ];
    expect(chunks.at(-1)!.usage).toHaveProperty('prompt_tokens');
    const sent = encodeSSETranscript(named);
    const [node, web] = await bothRelays(() => endingStream([sent]), { heartbeatMs: 0 });
    expect(node).toBe(new TextDecoder().decode(sent));
    expect(web).toBe(node);
  });
});
