import { parseSSEStream, type ServerSentEvent } from '@groq-stream/core';
import { splitBytes, splitEverywhere } from '@groq-stream/core/test';
import { describe, expect, it } from 'vitest';
import { chatBody, MODEL, postChat, postResponses, useMockServer } from './test/mock-test-helpers.js';

// The bytes of the mock's streams (writeSseStream, SseBatch, the chunk and response serializers) read under the
// WHATWG rules for server-sent events by core's parser, however they arrive: the events are exactly the frames
// written, with text that holds what would break a frame written without JSON's escapes (CR, LF, a blank line,
// NUL, U+2028, U+2029, a BOM, lone surrogates, `data:` text) in the prompt, the model name and a tool's arguments.

const server = useMockServer();

// The answer quotes the prompt's first eight words (split at white space: the line breaks, U+2028, U+2029 and
// the BOM go), the first chunk names the model as asked, and a tool's arguments carry their `const` whole.
const awkward = 'one\rtwo\nthree\r\n\r\nfour \0five \u2028six\u2029 \uFEFFseven \uD800eight\uDFFF \uDFFF\uD800 😀 data: [DONE] event: error id: 1 retry: 5 :comment';
const awkwardModel = `${MODEL}\r\n\ndata: x\u2028\uD800`;

/** A frame as the mock writes it: an optional `event:` line, one `data:` line, a blank line, LF only. */
const strictFrames = /^(?:(?:event: [^\r\n]+\n)?data: [^\r\n]+\n\n)+$/;

/** The events of `body`, read by core's parser from `pieces`. */
async function eventsOf(pieces: readonly Uint8Array[]): Promise<ServerSentEvent[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  const events: ServerSentEvent[] = [];
  for await (const event of parseSSEStream(body)) events.push({ ...event });
  return events;
}

/** The events a line-by-line reading of the strict frames gives: what the mock meant to send. */
function framesOf(text: string): ServerSentEvent[] {
  return text
    .split('\n\n')
    .slice(0, -1)
    .map((frame) => {
      const [first, second] = frame.split('\n') as [string, string | undefined];
      return second === undefined
        ? { event: 'message', data: first.slice('data: '.length), id: '' }
        : { event: first.slice('event: '.length), data: second.slice('data: '.length), id: '' };
    });
}

async function expectReadAlike(response: Response, { everySplit }: { everySplit: boolean }): Promise<ServerSentEvent[]> {
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Well-formed UTF-8 (a lone surrogate written raw would not be), no BOM, and nothing but strict frames.
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  expect(text).toMatch(strictFrames);
  const written = framesOf(text);
  for (const { event, data } of written) {
    expect(event).not.toBe('');
    if (data !== '[DONE]') expect(() => JSON.parse(data) as unknown).not.toThrow();
  }
  expect(await eventsOf([bytes])).toEqual(written);
  expect(await eventsOf(splitBytes(bytes, 1))).toEqual(written);
  expect(await eventsOf(splitBytes(bytes, [7, 1, 64, 3]))).toEqual(written);
  if (everySplit) for (const pieces of splitEverywhere(bytes)) expect(await eventsOf(pieces)).toEqual(written);
  return written;
}

const content = (events: ServerSentEvent[]): string =>
  events
    .filter(({ data }) => data !== '[DONE]')
    .map(({ data }) => (JSON.parse(data) as { choices?: { delta: { content?: string } }[] }).choices?.[0]?.delta.content ?? '')
    .join('');

describe("the mock's streams, read under the WHATWG rules", () => {
  it('a chat answer to a prompt and model name with CR, LF, NUL, U+2028, a BOM and lone surrogates is read, split anywhere, as the frames written', async () => {
    const events = await expectReadAlike(await postChat(server.url, chatBody(awkward, { model: awkwardModel }), { 'x-mock-tokens': '12' }), { everySplit: true });
    expect(events.at(-1)).toEqual({ event: 'message', data: '[DONE]', id: '' });
    // The text survives the round trip: the lone surrogates and the rest of the prompt's words, as JSON escaped them.
    expect(content(events)).toContain('\uD800eight\uDFFF');
    expect(JSON.parse(events[0]!.data)).toMatchObject({ model: awkwardModel });
  });

  it.each(['mid-stream-error', 'stopped-early', 'tool-calls', 'reasoning'])('a chat answer in the %s scenario too', async (scenario) => {
    const body = chatBody(awkward, {
      model: awkwardModel,
      ...(scenario === 'tool-calls' ? { tools: [{ type: 'function', function: { name: 'say', parameters: { type: 'object', properties: { text: { type: 'string', const: awkward } }, required: ['text'] } } }] } : {}),
    });
    const events = await expectReadAlike(await postChat(server.url, body, { 'x-mock-scenario': scenario, 'x-mock-tokens': '12' }), { everySplit: false });
    if (scenario === 'tool-calls') {
      const args = events
        .filter(({ data }) => data !== '[DONE]')
        .map(({ data }) => (JSON.parse(data) as { choices: { delta: { tool_calls?: { function: { arguments?: string } }[] } }[] }).choices[0]?.delta.tool_calls?.[0]?.function.arguments ?? '')
        .join('');
      expect(JSON.parse(args)).toEqual({ text: awkward });
    }
    if (scenario === 'mid-stream-error') {
      expect(events.at(-1)?.event).toBe('error');
      expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ error: { type: 'internal_server_error', status_code: 500 } });
    } else {
      expect(events.at(-1)?.data).toBe('[DONE]');
    }
  });

  it.each(['none', 'mid-stream-error', 'stopped-early'])('a Responses API stream (%s), each event named, split anywhere', async (scenario) => {
    const response = await postResponses(server.url, { model: awkwardModel, input: awkward, stream: true }, { 'x-mock-scenario': scenario, 'x-mock-tokens': '6' });
    const events = await expectReadAlike(response, { everySplit: scenario === 'none' });
    for (const { event, data } of events) expect((JSON.parse(data) as { type: string }).type).toBe(event);
  });
});
