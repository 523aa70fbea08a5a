import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { parseSSEStream } from './parse-sse-stream.js';
import { SSEDecoder } from './sse-decoder.js';
import { Stream } from './stream.js';
import { createTestBody } from './test/create-test-body.js';
import { createTestResponse } from './test/create-test-response.js';
import { interpretEventStream } from './test/interpret-event-stream.js';
import { readAll } from './test/read-all.js';
import { splitBytes, splitEverywhere } from './test/split-bytes.js';

// The WHATWG HTML standard's "Interpreting an event stream", case by case, in the shapes the web-platform-tests
// eventsource/format-* files check (SSE-CASES.md's own numbered cases are in sse-decoder.test.ts), through the
// public API: parseSSEStream (raw events) and Stream.fromSSEResponse (chat chunks). The project's own rules
// (shared/SSE-CASES.md) win where they differ from the standard: a last event whose lines are all complete is
// delivered without its blank line (case 14), and a content type other than an HTML page or JSON is read as
// events (EventSource fails on anything but text/event-stream).

const utf8 = new TextEncoder();
const bytesOf = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? utf8.encode(input) : input);
const concat = (...parts: (string | Uint8Array | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => [...(Array.isArray(part) ? part : bytesOf(part))]));

/** Pieces of bytes, cut at the given points (taken modulo the length). */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((at) => (bytes.length === 0 ? 0 : at % bytes.length)))].filter((at) => at > 0).sort((a, b) => a - b);
  return [0, ...points].map((start, index) => bytes.subarray(start, points[index] ?? bytes.length));
}

/** An event as a test states it: `[type, data, lastEventId]`. */
type Seen = [type: string, data: string, id: string];

interface Parsed {
  events: Seen[];
  retry: number | undefined;
}

/** The standard's algorithm as the oracle (SSE-CASES.md 14 at the end), in the shape these tests state. */
function reference(input: Uint8Array): Parsed {
  const { events, retry } = interpretEventStream(input);
  return { events: events.map(({ event, data, id }): Seen => [event, data, id]), retry };
}

/** What parseSSEStream makes of `pieces`, and the decoder's `retry` for the same pieces. */
async function parse(pieces: readonly Uint8Array[]): Promise<Parsed> {
  const events: Seen[] = [];
  for await (const event of parseSSEStream(createTestBody(pieces).body)) events.push([event.event, event.data, event.id]);
  const decoder = new SSEDecoder(() => undefined);
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return { events, retry: decoder.retry };
}

interface Case {
  name: string;
  input: string | Uint8Array;
  events: Seen[];
  retry?: number;
}

const bom = [0xef, 0xbb, 0xbf];
const longComment = `:${'x'.repeat(2048)}`;

const cases: Case[] = [
  // format-bom, format-bom-2 (a BOM however split: sse-decoder.test.ts, SSE-CASES.md 7)
  {
    name: 'a second BOM is part of the first field name, which is then unknown',
    input: concat(bom, bom, 'data:1\n\ndata:2\n\ndata:3\n\n'),
    events: [['message', '2', ''], ['message', '3', '']],
  },
  {
    name: "the BOM's three bytes read as Latin-1 characters (U+00EF U+00BB U+00BF) are no BOM",
    input: 'ï»¿data:1\n\ndata:2\n\n',
    events: [['message', '2', '']],
  },
  { name: 'a BOM after a blank first line is no BOM to remove', input: concat('\n', bom, 'data:1\n\ndata:2\n\n'), events: [['message', '2', '']] },
  // format-comments
  {
    name: 'comments of any length, with NUL, CR and a data: inside, between the data lines of one event',
    input: `data:1\r:\0\n:\r\ndata:2\n${longComment}\rdata:3\n:data:fail\r${longComment}\ndata:4\n\n`,
    events: [['message', '1\n2\n3\n4', '']],
  },
  { name: 'a comment alone dispatches nothing, nor does a lone colon', input: ':\n: ping\r\n:data: x\r\r', events: [] },
  // format-field-data (the rest is in sse-decoder.test.ts, as SSE-CASES.md 3)
  { name: 'data: with one space is empty data', input: 'data: \n\n', events: [['message', '', '']] },
  { name: 'blank lines with no data dispatch nothing', input: '\n\n\r\n\r\r\n', events: [] },
  // format-field-event, format-field-event-empty (the plain cases are in sse-decoder.test.ts, as SSE-CASES.md 11)
  { name: 'a later empty event field resets the type', input: 'event:a\nevent:\ndata:x\n\n', events: [['message', 'x', '']] },
  {
    name: 'an event type with no data is dropped with its event: it does not leak into the next one',
    input: 'event:lonely\n\ndata:x\n\n',
    events: [['message', 'x', '']],
  },
  {
    name: 'event types keep their case, inner spaces, a second leading space, NUL and non-ASCII',
    input: 'event:Error\ndata:1\n\nevent:  two words \ndata:2\n\nevent:a\0b\ndata:3\n\nevent:ünïcode→\ndata:4\n\n',
    events: [['Error', '1', ''], [' two words ', '2', ''], ['a\0b', '3', ''], ['ünïcode→', '4', '']],
  },
  // format-field-id, format-field-id-2, format-field-id-3, format-field-id-null
  {
    name: 'the id persists across events, and an empty id or a bare id line resets it',
    input: 'id:1\ndata:1\n\ndata:2\n\nid:\ndata:3\n\nid:4\ndata:4\n\nid\ndata:5\n\n',
    events: [['message', '1', '1'], ['message', '2', '1'], ['message', '3', ''], ['message', '4', '4'], ['message', '5', '']],
  },
  {
    name: 'an id containing NUL anywhere is ignored, keeping the last one',
    input: 'id:keep\ndata:a\n\nid:\0\0\ndata:b\n\nid:x\0\ndata:c\n\nid:\0x\ndata:d\n\nid:x\0x\ndata:e\n\nid: \0\ndata:f\n\n',
    events: [['message', 'a', 'keep'], ['message', 'b', 'keep'], ['message', 'c', 'keep'], ['message', 'd', 'keep'], ['message', 'e', 'keep'], ['message', 'f', 'keep']],
  },
  { name: 'an id set by an event without data still counts for the next', input: 'id:7\n\ndata:x\n\n', events: [['message', 'x', '7']] },
  { name: 'an id keeps a second leading space and non-ASCII', input: 'id:  é…\ndata:x\n\n', events: [['message', 'x', ' é…']] },
  // format-field-retry, format-field-retry-bogus, format-field-retry-empty
  { name: 'retry of ASCII digits sets the reconnection time', input: 'retry:03000\ndata:x\n\n', events: [['message', 'x', '']], retry: 3000 },
  {
    name: 'retry that is not only ASCII digits is ignored',
    input: 'retry:1000\nretry:1000x\nretry\nretry:\nretry:+5\nretry:1e3\nretry: 7 \nretry:\u0661\u0662\nretry:１２\nretry:-0\nretry:5.0\ndata:x\n\n',
    events: [['message', 'x', '']],
    retry: 1000,
  },
  // format-field-unknown
  {
    name: 'unknown fields, a field name with a leading space and a bare text line are ignored',
    input: 'data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacomment\ndata:test\n\n',
    events: [['message', 'test\n\ntest', '']],
  },
  // format-field-parsing
  {
    name: 'field names are exact: case, NUL, dashes and underscores make other fields',
    input: 'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n',
    events: [['message', '\0\n 2\n1\n3\n\n4', '']],
  },
  { name: 'a line of spaces or a tab is a field, not a blank line', input: 'data:a\n \n\t\ndata:b\n\n', events: [['message', 'a\nb', '']] },
  { name: 'data with a space or tab before the colon is another field', input: 'data :x\ndata\t:y\ndata:z\n\n', events: [['message', 'z', '']] },
  // format-leading-space
  {
    name: 'only one leading space is removed; a tab is kept',
    input: 'data:\ttest\rdata: \ndata:test\n\ndata:   three\n\n',
    events: [['message', '\ttest\n\ntest', ''], ['message', '  three', '']],
  },
  { name: 'only the first colon splits the line', input: 'data: a:b: c\n\ndata::\n\n', events: [['message', 'a:b: c', ''], ['message', ':', '']] },
  // format-newlines
  {
    name: 'CRLF, LF and CR line endings, mixed in one event',
    input: 'data:test\r\ndata\ndata:test\r\n\r',
    events: [['message', 'test\n\ntest', '']],
  },
  { name: 'LF CR is two line endings, so a blank line', input: 'data:a\n\rdata:b\r\n\r\n', events: [['message', 'a', ''], ['message', 'b', '']] },
  {
    name: 'U+2028, U+2029, NEL, vertical tab and form feed are no line endings',
    input: 'data:a\u2028b\u2029c\u0085d\u000be\u000cf\n\n',
    events: [['message', 'a\u2028b\u2029c\u0085d\u000be\u000cf', '']],
  },
  // format-null-character
  { name: 'NUL in data is kept', input: 'data:\0\n\n\n\n', events: [['message', '\0', '']] },
  { name: 'NUL in the middle of data and a trailing NUL', input: 'data:a\0b\0\n\n', events: [['message', 'a\0b\0', '']] },
  // format-utf-8 and invalid bytes
  { name: 'UTF-8 text of every length', input: 'data:ok→ é 日本 😀\n\n', events: [['message', 'ok→ é 日本 😀', '']] },
  {
    name: 'invalid UTF-8 becomes U+FFFD: a lone continuation, a bad lead byte, an overlong form, a surrogate, a cut character',
    input: concat('data:', [0x80], 'a', [0xff], 'b', [0xc0, 0xaf], 'c', [0xed, 0xa0, 0x80], 'd', [0xe2, 0x82], '\n\n'),
    events: [['message', '\uFFFDa\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFDd\uFFFD', '']],
  },
  { name: 'an invalid byte in a field name makes it unknown', input: concat('dat', [0xe1], ':x\ndata:y\n\n'), events: [['message', 'y', '']] },
  // format-data-before-final-empty-line: the standard discards the last event, SSE-CASES.md case 14 keeps it.
  {
    name: 'a last event whose lines are complete is delivered without its blank line (SSE-CASES.md 14)',
    input: 'retry:1000\ndata:test1\n\nid:test\ndata:test2\n',
    events: [['message', 'test1', ''], ['message', 'test2', 'test']],
    retry: 1000,
  },
  { name: 'a last event cut in its data line is discarded', input: 'data:test1\n\nid:test\ndata:test2', events: [['message', 'test1', '']] },
  // very long lines
  { name: 'a long unknown field and a long comment are skipped', input: `x${'y'.repeat(100_000)}\n:${'z'.repeat(100_000)}\ndata:ok\n\n`, events: [['message', 'ok', '']] },
];

describe('event stream interpretation, against the standard and SSE-CASES.md', () => {
  test.each(cases)('$name', async ({ input, events, retry }) => {
    const bytes = bytesOf(input);
    const expected: Parsed = { events, retry };
    // The oracle agrees with the case as written, so that the random streams below test what these state.
    expect(reference(bytes)).toEqual(expected);
    expect(await parse([bytes])).toEqual(expected);
    // Split at every byte where the case is short, one byte per piece too; a long one in pieces of mixed sizes.
    if (bytes.length <= 300) {
      for (const pieces of splitEverywhere(bytes)) expect(await parse(pieces)).toEqual(expected);
      // One byte per piece, with an empty piece after each (a CR and its LF may have one between them).
      expect(await parse([...bytes].flatMap((byte) => [new Uint8Array([byte]), new Uint8Array(0)]))).toEqual(expected);
    } else {
      expect(await parse(splitBytes(bytes, [1, 997, 7]))).toEqual(expected);
    }
  });
});

// Lines made of the names, separators and values that the rules above treat differently, with every line ending
// (none at all too, which runs two lines into one).
const line = fc.tuple(
  fc.constantFrom('data', 'event', 'id', 'retry', 'Data', 'dat', 'datum', 'ev', '', ' data', '\uFEFFdata'),
  fc.constantFrom('', ':', ': ', ':  '),
  fc.array(fc.constantFrom('x', '12', ' ', '\t', '\0', ':', 'data:', 'é', '😀', '\uFEFF', '\u2028'), { maxLength: 4 }),
  fc.constantFrom('\n', '\r', '\r\n', '\n\n', '\r\n\r\n', '\r\r', '\n\r', ''),
);
const streams = fc.tuple(
  fc.boolean(),
  fc.array(line, { maxLength: 12 }),
  fc.array(fc.constantFrom(0x80, 0xbb, 0xbf, 0xc3, 0xe2, 0xef, 0xf0, 0xff), { maxLength: 2 }),
  fc.nat(),
);

describe('any stream, split anywhere', () => {
  test('gives the events and retry of the standard (with SSE-CASES.md 14 at the end)', async () => {
    await fc.assert(
      fc.asyncProperty(streams, fc.array(fc.nat(), { maxLength: 6 }), async ([withBom, lines, badBytes, badAt], cuts) => {
        const text = utf8.encode(lines.map((parts) => parts.flat().join('')).join(''));
        const at = text.length === 0 ? 0 : badAt % text.length;
        const bytes = concat(withBom ? bom : [], text.subarray(0, at), badBytes, text.subarray(at));
        expect(await parse(cut(bytes, cuts))).toEqual(reference(bytes));
      }),
      { numRuns: 400 },
    );
  });
});

// The chat layer on top (SSE-CASES.md): the same rules decide which events carry chunks.
const chunk = (content: string, finish: string | null = null) => ({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const json = (content: string, finish: string | null = null): string => JSON.stringify(chunk(content, finish));

interface ChatCase {
  name: string;
  body: string | Uint8Array;
  contentType?: string;
  contents: string[];
  error?: new (...args: never[]) => Error;
}

const chatCases: ChatCase[] = [
  {
    name: 'BOM, comments, id, retry and unknown fields around chunk events, with every line ending',
    body: concat(bom, `: hi\r\nid: 1\r\nretry: 10\r\ndata:${json('a')}\r\n\r\nfoo: bar\rdata: ${json('b')}\r\r: ping\n\ndata: [DONE]\r\n\r\n`),
    contents: ['a', 'b'],
  },
  { name: 'an extra space before the JSON is JSON white space', body: `data:  ${json('a')}\n\ndata: [DONE]\n\n`, contents: ['a'] },
  { name: 'empty data, with or without colon or space, is skipped', body: `data:\n\ndata\n\ndata: \n\ndata:${json('a')}\n\ndata: [DONE]\n\n`, contents: ['a'] },
  { name: 'Data: and other unknown fields carry no chunk', body: `Data: ${json('x')}\ndatum: ${json('y')}\n\ndata: ${json('a', 'stop')}\n\n`, contents: ['a'] },
  {
    name: 'events of another type are not chat chunks',
    body: `event: ping\ndata: ${json('x')}\n\nevent: message\ndata: ${json('a')}\n\ndata: [DONE]\n\n`,
    contents: ['a'],
  },
  {
    name: 'an event: error line with no data line dispatches no event; its type does not reach the next event',
    body: `data: ${json('a')}\n\nevent: error\n\ndata: [DONE]\n\n`,
    contents: ['a'],
  },
  {
    name: 'event: error over CRLF, with an id line, raises the server error after the chunks before it',
    body: `data: ${json('a')}\r\n\r\nevent: error\r\nid: 9\r\ndata: {"error":{"message":"overloaded"}}\r\n\r\n`,
    contents: ['a'],
    error: StreamServerError,
  },
  {
    name: 'the body is UTF-8 whatever charset the content type names',
    body: `data: ${json('ok→ é')}\n\ndata: [DONE]\n\n`,
    contentType: 'text/event-stream; charset=windows-1252',
    contents: ['ok→ é'],
  },
  {
    name: 'invalid UTF-8 in a chunk becomes U+FFFD',
    body: concat('data: {"id":"c","choices":[{"index":0,"delta":{"content":"a', [0xff, 0xe2, 0x82], 'b"},"finish_reason":null}]}\n\ndata: [DONE]\n\n'),
    contents: ['a\uFFFD\uFFFDb'],
  },
  {
    name: 'a NUL that the standard keeps is no JSON: an error that names the data',
    body: `data: ${json('a')}\n\ndata: {"id":"c",\0"choices":[]}\n\ndata: [DONE]\n\n`,
    contents: ['a'],
    error: StreamInvalidDataError,
  },
  { name: 'heartbeats only, then the end: truncated', body: ': ping\n\n: ping\n\n', contents: [], error: StreamTruncatedError },
];

async function readChat({ contentType }: ChatCase, pieces: readonly Uint8Array[]): Promise<{ contents: string[]; error: unknown }> {
  const headers = contentType === undefined ? undefined : { 'content-type': contentType };
  const { items, error } = await readAll(Stream.fromSSEResponse<ReturnType<typeof chunk>>(createTestResponse(pieces, { headers }).response));
  return { contents: items.map((item) => item.choices[0]!.delta.content), error };
}

describe('chat chunks through Stream.fromSSEResponse', () => {
  test.each(chatCases)('$name', async (chatCase) => {
    const bytes = bytesOf(chatCase.body);
    const check = ({ contents, error }: { contents: string[]; error: unknown }, split: string): void => {
      expect(contents, split).toEqual(chatCase.contents);
      if (chatCase.error === undefined) expect(error, split).toBeUndefined();
      else expect(error, split).toBeInstanceOf(chatCase.error);
    };
    check(await readChat(chatCase, [bytes]), 'whole');
    for (const [head, tail] of splitEverywhere(bytes)) check(await readChat(chatCase, [head, tail]), `split at ${head.length}`);
  });
});

// What a relay writes (toSSEReadableStream, the frames the Node and web relays share) must read back, under the
// standard's rules, as the chunks it read: whatever their text holds, and however the upstream wrote its lines
// (SSE, or newline-delimited JSON). The relay writes no event type but `error`, so no other type name needs escaping.
const awkward = fc.constantFrom(
  '\r',
  '\n',
  '\r\n',
  '\n\n',
  '\0',
  '\u2028',
  '\u2029',
  '\u0085',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  ' ',
  '\t',
  ':',
  'data:',
  'data: [DONE]',
  'event: error',
  '"',
  '\\',
  '\\u0000',
  'é',
  '😀',
  'x',
);
const text = fc.oneof(fc.string({ unit: awkward, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }));
const relayedChunk = fc.record({ content: text, key: fc.string({ unit: awkward, maxLength: 3 }), value: text, serverError: fc.constantFrom(undefined, null, 'overloaded') });
const upstreamStyle = fc.record({
  lineEnding: fc.constantFrom('\n', '\r\n', '\r'),
  // After the colon of a data line: the one space the standard removes, none, or more (JSON white space the
  // chunk's text then starts with, which a relay passing the text on must keep as data).
  space: fc.constantFrom('', ' ', '  ', ' \t'),
  pretty: fc.boolean(),
  withBom: fc.boolean(),
  heartbeats: fc.boolean(),
  ending: fc.constantFrom('done', 'finish', 'error'),
  ndjson: fc.boolean(),
});

type RelayedChunk = { id: string; choices: { index: number; delta: { content: string }; finish_reason: string | null }[]; [key: string]: unknown };

describe("a relay's SSE, read back under the standard's rules", () => {
  test('gives the chunks it read, then [DONE] or its error event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(relayedChunk, { minLength: 1, maxLength: 4 }), upstreamStyle, fc.array(fc.nat(), { maxLength: 4 }), async (specs, style, cuts) => {
        const chunks: RelayedChunk[] = specs.map(({ content, key, value, serverError }, index) => ({
          ...(key === 'id' || key === 'choices' ? {} : { [key]: value }),
          id: 'c',
          choices: [{ index: 0, delta: { content }, finish_reason: (style.ending === 'finish' || style.ndjson) && index === specs.length - 1 ? 'stop' : null }],
          ...(serverError === 'overloaded' && index < specs.length - 1 ? {} : serverError === undefined ? {} : { x_groq: { id: 'req_1', error: serverError } }),
        }));
        const { lineEnding: end, space } = style;
        const dataLines = (json: string): string => json.split('\n').map((line) => `data:${space}${line}${end}`).join('');
        const events = chunks.map((item) => dataLines(style.pretty ? JSON.stringify(item, null, 1) : JSON.stringify(item)) + end);
        if (style.ending === 'done') events.push(`data:${space}[DONE]${end}${end}`);
        if (style.ending === 'error') events.push(`event:${space.slice(0, 1)}error${end}data:${space}{"error":{"message":"a\\r\\n\\u0000\u2028b"}}${end}${end}`);
        const upstream = concat(style.withBom ? bom : [], events.join(style.heartbeats ? `: ping${end}${end}` : ''));
        // Or newline-delimited JSON, where a CR between the tokens of a line is white space inside the line.
        const lines = chunks.map((item) => `${style.pretty ? JSON.stringify(item, null, 1).replace(/\n/g, '\r') : JSON.stringify(item)}\n`);
        if (style.ending === 'error') lines.push('{"error":{"message":"a\\r\\n\\u0000\u2028b"}}\n');

        const stream = style.ndjson
          ? Stream.fromReadableStream<RelayedChunk>(createTestBody(cut(utf8.encode(lines.join('')), cuts)).body)
          : Stream.fromSSEResponse<RelayedChunk>(createTestResponse(cut(upstream, cuts)).response);
        const relayed = new Uint8Array(await new Response(stream.toSSEReadableStream({ heartbeatMs: 0 })).arrayBuffer());

        // The chunks as the relay passes them on: the server's x_groq.error stays on the server, and a chunk
        // that carried one is the last before the error event.
        const failedAt = chunks.findIndex((item) => (item.x_groq as { error?: unknown } | undefined)?.error === 'overloaded');
        const passed = (failedAt === -1 ? chunks : chunks.slice(0, failedAt + 1)).map((item) => {
          const { x_groq: xGroq, ...rest } = item as RelayedChunk & { x_groq?: { id: string; error: unknown } };
          return xGroq === undefined ? rest : { ...rest, x_groq: xGroq.error === null ? xGroq : { id: xGroq.id } };
        });
        const failed = failedAt !== -1 || style.ending === 'error';

        const { events: read, retry } = reference(relayed);
        expect(retry).toBeUndefined();
        expect(read.slice(0, passed.length).map(([type, data, id]) => [type, JSON.parse(data), id])).toEqual(passed.map((item) => ['message', item, '']));
        expect(read).toHaveLength(passed.length + 1);
        const [type, data] = read.at(-1)!;
        if (failed) {
          expect(type).toBe('error');
          expect((JSON.parse(data) as { error: { message: unknown } }).error.message).toEqual(expect.any(String));
        } else {
          expect([type, data]).toEqual(['message', '[DONE]']);
        }

        // And our own reader, in pieces, agrees.
        const again = await readAll(Stream.fromSSEResponse<RelayedChunk>(createTestResponse(cut(relayed, cuts)).response));
        expect(again.items).toEqual(passed);
        if (failed) expect(again.error).toBeInstanceOf(StreamServerError);
        else expect(again.error).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
