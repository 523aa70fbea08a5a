import { describe, expect, test } from 'vitest';
import type { Fetch } from './client-options.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Groq } from './groq.js';
import { parseSSEStream } from './parse-sse-stream.js';
import { SSEDecoder } from './sse-decoder.js';
import { Stream } from './stream.js';
import { createTestBody } from './test/create-test-body.js';
import { createTestResponse } from './test/create-test-response.js';
import { interpretEventStream } from './test/interpret-event-stream.js';
import { readAll } from './test/read-all.js';
import { splitEverywhere } from './test/split-bytes.js';

// The numbered cases of shared/SSE-CASES.md, each through every way a caller meets an event stream: the raw
// events (`SSEDecoder`, `parseSSEStream`), the chunks of `Stream.fromSSEResponse`, and the chunks of
// `chat.completions.create({ stream: true })`. Each input is read whole, in every split into two pieces, and
// one byte a piece with an empty piece after each (a CR and its LF may have one between them): the same events
// every time (case 16). sse-decoder.test.ts states the same cases against the decoder alone, whole;
// whatwg-event-stream-rules.test.ts has the standard's own shapes and random streams.

const utf8 = new TextEncoder();
const bom = [0xef, 0xbb, 0xbf];
const concat = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8.encode(part)] : part)));
const bytesOf = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? utf8.encode(input) : input);

/** Whole, every split into two pieces, and one byte a piece (with empty pieces between): the ways bytes arrive. */
function* arrivals(bytes: Uint8Array): Generator<[how: string, pieces: Uint8Array[]]> {
  yield ['whole', [bytes]];
  for (const pieces of splitEverywhere(bytes)) yield [`split at ${pieces[0].length}`, pieces];
  yield ['one byte a piece', [...bytes].flatMap((byte) => [new Uint8Array([byte]), new Uint8Array(0)])];
}

/** An event as a case states it: `[type, data, lastEventId]`. */
type Seen = [type: string, data: string, id: string];

interface RawCase {
  name: string;
  input: string | Uint8Array;
  events: Seen[];
  retry?: number;
}

const rawCases: RawCase[] = [
  { name: '1. one optional space after the colon', input: 'data: hi\n\ndata:hi\n\n', events: [['message', 'hi', ''], ['message', 'hi', '']] },
  { name: '2. only one space is removed; a tab is kept', input: 'data:  hi\n\ndata:\thi\n\n', events: [['message', ' hi', ''], ['message', '\thi', '']] },
  { name: '3. data: alone is an event with empty data', input: 'data:\n\n', events: [['message', '', '']] },
  { name: '3. a line with no colon is a field with an empty value', input: 'data\ndata\n\n', events: [['message', '\n', '']] },
  { name: '4. data lines are joined with a line feed, and one trailing line feed is removed', input: 'data:a\ndata:b\n\ndata:c\ndata:\n\n', events: [['message', 'a\nb', ''], ['message', 'c\n', '']] },
  { name: '5. CR alone ends lines', input: 'data:a\rdata:b\r\r', events: [['message', 'a\nb', '']] },
  { name: '5. CRLF, LF and CR mixed', input: 'data:a\r\ndata:b\ndata:c\r\r\ndata:d\n\r', events: [['message', 'a\nb\nc', ''], ['message', 'd', '']] },
  { name: '6. a CRLF split across pieces is one line ending', input: 'data:a\r\ndata:b\r\n\r\n', events: [['message', 'a\nb', '']] },
  { name: '7. a BOM at the very start is removed', input: concat(bom, 'data:x\n\n'), events: [['message', 'x', '']] },
  { name: '7. only once: a second BOM makes the first field unknown', input: concat(bom, bom, 'data:x\n\ndata:y\n\n'), events: [['message', 'y', '']] },
  { name: '7. a BOM later in the stream is no BOM', input: concat('data:x\n\n', bom, 'data:y\n\ndata:\uFEFFz\n\n'), events: [['message', 'x', ''], ['message', '\uFEFFz', '']] },
  { name: '8. comments dispatch nothing, between events or inside one', input: ': ping\n\n:\n\ndata:a\n: keep-alive\ndata:b\n\n', events: [['message', 'a\nb', '']] },
  { name: '9. field names are case-sensitive; unknown fields are ignored', input: 'Data:x\n\nfoo:bar\ndata:y\nDATA:z\nevents:e\n\n', events: [['message', 'y', '']] },
  { name: '10. only the first colon splits', input: 'data: a:b\n\ndata::\n\n', events: [['message', 'a:b', ''], ['message', ':', '']] },
  { name: '11. event types, and the default message', input: 'event:test\ndata:x\n\ndata:x\n\n', events: [['test', 'x', ''], ['message', 'x', '']] },
  { name: '11. event: with one space leaves the type message', input: 'event: \ndata:x\n\n', events: [['message', 'x', '']] },
  {
    name: '12. the id persists until changed; an id with NUL is ignored; an empty id resets it',
    input: 'id:1\ndata:a\n\ndata:b\n\nid:2\0x\ndata:c\n\nid\ndata:d\n\nid: 3\n\ndata:e\n\n',
    events: [['message', 'a', '1'], ['message', 'b', '1'], ['message', 'c', '1'], ['message', 'd', ''], ['message', 'e', '3']],
  },
  { name: '13. retry of ASCII digits sets the reconnection time', input: 'retry:3000\ndata:x\n\n', events: [['message', 'x', '']], retry: 3000 },
  {
    name: '13. retry that is not all ASCII digits is ignored',
    input: 'retry:3000\nretry:12a\nretry: 5 \nretry:\nretry:-1\nretry:1.5\nretry:\u0661\ndata:x\n\n',
    events: [['message', 'x', '']],
    retry: 3000,
  },
  { name: '14. a last event whose lines are complete is delivered without its blank line', input: 'data:a\n\ndata:b\n', events: [['message', 'a', ''], ['message', 'b', '']] },
  { name: '14. the same after a last CR', input: 'data:a\r', events: [['message', 'a', '']] },
  { name: '14. a last event cut in a line is discarded', input: 'data:a\n\ndata:b\ndata:{"partial', events: [['message', 'a', '']] },
  { name: '14. a cut-off comment after a complete last event leaves it delivered', input: 'data:a\n: pi', events: [['message', 'a', '']] },
  { name: '15. UTF-8 of every length, split characters decoded once', input: 'data: é “x” 日本 😀\n\n', events: [['message', 'é “x” 日本 😀', '']] },
  { name: '15. invalid bytes become U+FFFD', input: concat('data:a', [0xff, 0xc3], 'b', [0xe2, 0x82], '\n\n'), events: [['message', 'a\uFFFD\uFFFDb\uFFFD', '']] },
];

async function readRaw(pieces: readonly Uint8Array[]): Promise<{ events: Seen[]; retry: number | undefined; decoded: Seen[] }> {
  const events: Seen[] = [];
  for await (const event of parseSSEStream(createTestBody(pieces).body)) events.push([event.event, event.data, event.id]);
  const decoded: Seen[] = [];
  const decoder = new SSEDecoder((event) => decoded.push([event.event, event.data, event.id]));
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return { events, retry: decoder.retry, decoded };
}

describe('SSE-CASES.md through the raw event API (SSEDecoder, parseSSEStream), however the bytes arrive', () => {
  test.each(rawCases)('$name', async ({ input, events, retry }) => {
    const bytes = bytesOf(input);
    // The standard's algorithm (with case 14 at the end) agrees with the case as written.
    const reference = interpretEventStream(bytes);
    expect(reference.events.map(({ event, data, id }) => [event, data, id])).toEqual(events);
    expect(reference.retry).toBe(retry);
    for (const [how, pieces] of arrivals(bytes)) expect(await readRaw(pieces), how).toEqual({ events, retry, decoded: events });
  });
});

// The chat layer on top: which events carry chunks, and how a stream ends.
const chunk = (content: string, finish: string | null = null): string =>
  JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const a = chunk('a');
const b = chunk('b');
const last = chunk('!', 'stop');

interface ChatCase {
  name: string;
  body: string | Uint8Array;
  contents: string[];
  error?: new (...args: never[]) => Error;
  contentType?: string;
}

const chatCases: ChatCase[] = [
  { name: '1. one optional space after the colon', body: `data: ${a}\n\ndata:${b}\n\ndata: [DONE]\n\n`, contents: ['a', 'b'] },
  { name: '2. a second space or a tab before the JSON is JSON white space, before [DONE] too', body: `data:  ${a}\n\ndata:\t${b}\n\ndata:  [DONE]\n\n`, contents: ['a', 'b'] },
  { name: '3. empty data, with or without a colon, is skipped', body: `data:\n\ndata\n\ndata: ${a}\n\ndata: [DONE]\n\n`, contents: ['a'] },
  { name: '3. data of one line feed (two bare data lines) is no JSON: an error', body: `data: ${a}\n\ndata\ndata\n\ndata: [DONE]\n\n`, contents: ['a'], error: StreamInvalidDataError },
  {
    name: '4. a chunk spread over data lines is one chunk, joined with line feeds',
    body: `data: ${a.replace(',"choices"', '\ndata: ,"choices"').replace('{"index"', '\ndata:{"index"')}\n\ndata: [DONE]\n\n`,
    contents: ['a'],
  },
  { name: '5. CR alone, and CR, LF and CRLF mixed', body: `data: ${a}\r\rdata: ${b}\r\n\ndata: [DONE]\n\r`, contents: ['a', 'b'] },
  { name: '6. CRLF everywhere', body: `data: ${a}\r\n\r\ndata: ${b}\r\n\r\ndata: [DONE]\r\n\r\n`, contents: ['a', 'b'] },
  { name: '7. a BOM at the start is removed', body: concat(bom, `data: ${a}\n\ndata: [DONE]\n\n`), contents: ['a'] },
  { name: '7. a BOM later makes its line an unknown field', body: concat(`data: ${a}\n\n`, bom, `data: ${b}\n\ndata: [DONE]\n\n`), contents: ['a'] },
  { name: '8. comments (heartbeats) carry nothing', body: `: ping\n\ndata: ${a}\n: between lines\n\n:\n\ndata: [DONE]\n\n`, contents: ['a'] },
  { name: '9. Data: and other unknown fields carry no chunk', body: `Data: ${a}\n\nfoo: bar\ndata: ${b}\nDATA: ${a}\n\ndata: [DONE]\n\n`, contents: ['b'] },
  { name: '10. only the first colon splits', body: `data: ${chunk('x: y')}\n\ndata: [DONE]\n\n`, contents: ['x: y'] },
  {
    name: '11. events of another type carry no chunk; event: with one space is message',
    body: `event: test\ndata: ${a}\n\nevent: \ndata: ${b}\n\nevent:message\ndata: ${a}\n\ndata: [DONE]\n\n`,
    contents: ['b', 'a'],
  },
  { name: '12. id lines, with NUL or without, change no chunk', body: `id: 1\ndata: ${a}\n\nid: 2\0\ndata: ${b}\n\nid\ndata: [DONE]\n\n`, contents: ['a', 'b'] },
  { name: '13. retry lines, valid or not, change no chunk', body: `retry: 3000\ndata: ${a}\n\nretry: x\ndata: ${b}\n\ndata: [DONE]\n\n`, contents: ['a', 'b'] },
  { name: '14. a last chunk with its finish_reason and no blank line ends the answer', body: `data: ${a}\n\ndata: ${last}\n`, contents: ['a', '!'] },
  { name: '14. a last line cut off is discarded: the answer is truncated', body: `data: ${a}\n\ndata: ${last.slice(0, -1)}`, contents: ['a'], error: StreamTruncatedError },
  {
    name: '15. UTF-8 whatever the charset; invalid bytes become U+FFFD',
    body: concat(`data: ${chunk('é “x” 😀')}\n\ndata: ${a.split('"a"')[0]}"a`, [0xff], `"${a.split('"a"')[1]}\n\ndata: [DONE]\n\n`),
    contentType: 'text/event-stream; charset=windows-1252',
    contents: ['é “x” 😀', 'a\uFFFD'],
  },
  // The chat layer's own rules (the list after the numbered cases).
  { name: 'data: [DONE] ends the stream: what follows is not read', body: `data: ${a}\n\ndata: [DONE]\n\ndata: ${b}\n\n`, contents: ['a'] },
  { name: 'event: error raises after the chunks before it', body: `data: ${a}\r\n\r\nevent: error\r\ndata: {"error":{"message":"overloaded"}}\r\n\r\ndata: ${b}\n\n`, contents: ['a'], error: StreamServerError },
  { name: 'event: error of any shape raises', body: `data: ${a}\n\nevent: error\ndata: not json\n\n`, contents: ['a'], error: StreamServerError },
  { name: 'a data object with an error member raises', body: `data: ${a}\n\ndata: {"error":{"message":"overloaded"}}\n\n`, contents: ['a'], error: StreamServerError },
  { name: 'data that is not JSON is an error', body: `data: ${a}\n\ndata: {"id":\n\ndata: [DONE]\n\n`, contents: ['a'], error: StreamInvalidDataError },
  { name: 'heartbeats only, then the end: truncated', body: ': ping\n\n: ping\n\n', contents: [], error: StreamTruncatedError },
  { name: 'neither [DONE] nor a finish_reason: truncated', body: `data: ${a}\n\ndata: ${b}\n\n`, contents: ['a', 'b'], error: StreamTruncatedError },
];

interface ChatRead {
  contents: string[];
  error: unknown;
}

type Chunk = { choices: { delta: { content: string } }[] };

async function readChat(stream: Stream<Chunk>): Promise<ChatRead> {
  const { items, error } = await readAll(stream);
  return { contents: items.map((item) => item.choices[0]!.delta.content), error };
}

const readers: [name: string, read: (pieces: Uint8Array[], contentType: string | undefined) => Promise<ChatRead>][] = [
  [
    'Stream.fromSSEResponse',
    (pieces, contentType) => {
      const headers = contentType === undefined ? undefined : { 'content-type': contentType };
      return readChat(Stream.fromSSEResponse<Chunk>(createTestResponse(pieces, { headers }).response));
    },
  ],
  [
    'create({ stream: true })',
    async (pieces, contentType) => {
      const headers = contentType === undefined ? undefined : { 'content-type': contentType };
      const fetch: Fetch = async () => createTestResponse(pieces, { headers }).response;
      const client = new Groq({ apiKey: 'gsk_test', baseURL: 'https://example.test', fetch, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
      return readChat(stream as unknown as Stream<Chunk>);
    },
  ],
];

describe('SSE-CASES.md through the chat layer, however the bytes arrive', () => {
  describe.each(readers)('%s', (_, read) => {
    test.each(chatCases)('$name', async ({ body, contents, error, contentType }) => {
      for (const [how, pieces] of arrivals(bytesOf(body))) {
        const seen = await read(pieces, contentType);
        expect(seen.contents, how).toEqual(contents);
        if (error === undefined) expect(seen.error, how).toBeUndefined();
        else expect(seen.error, how).toBeInstanceOf(error);
      }
    });
  });
});
