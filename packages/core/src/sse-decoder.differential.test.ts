import { describe, expect, test } from 'vitest';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { parseSSEStream } from './parse-sse-stream.js';
import { SSEDecoder } from './sse-decoder.js';
import { createRandom, type Random } from './test/create-random.js';
import { createTestBody } from './test/create-test-body.js';
import { interpretEventStream, type InterpretedEvent, type InterpretedStream } from './test/interpret-event-stream.js';
import { readAll } from './test/read-all.js';

// SSEDecoder and parseSSEStream against interpretEventStream (the standard's algorithm as written, with
// SSE-CASES.md 14 at the end) on random streams made of what the rules treat differently, in random pieces.
// whatwg-event-stream-rules.test.ts does the same with short line soups; these also put invalid bytes and BOMs
// inside lines, split every CR from its LF and every character across pieces, hand out empty pieces, and carry
// values long enough for the decoder's other paths (pieces over 512 bytes, lines cut off past 4 Ki characters).
// Each stream comes from its own seed: a failure names it, with the pieces, to replay.

const streams = 1500;
const utf8 = new TextEncoder();
const bom = [0xef, 0xbb, 0xbf];

const lineEndings = ['\n', '\r', '\r\n'];
const names = [
  ...['data', 'data', 'data', 'data', 'event', 'event', 'id', 'id', 'retry', 'retry', '', ''],
  ...['Data', 'DATA', 'Event', 'ID', 'Retry', 'dat', 'datum', 'ev', 'i', 'retr', 'foo', ' data', 'data ', 'data\0', 'id\0', '\uFEFFdata'],
];
const separators = ['', ':', ':', ': ', ': ', ':  ', ':\t', '::'];
const digits = ['0', '7', '42', '007', '3000'];
const values = [
  ...['x', 'hello', 'a b', '[DONE]', '{"a":1}', 'data:', 'event: error', ': ', ':', ' ', '\t', '\0'],
  ...[...digits, '1a', '-1', '+1', '1.5', '\u0661\u0662', '１２'],
  ...['é', '日本', '😀', '\uFEFF', '\u2028', '\u0085', '\u000b', '\u000c'],
];
// Bytes no text encodes: cut characters, bad lead and continuation bytes, overlong forms, surrogates, past U+10FFFF,
// and a BOM (also its first two bytes) where it is no longer the stream's first character.
const rawBytes = [[0x80], [0xbf], [0xff], [0xc0, 0xaf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb], bom];

/** The bytes of one random event stream. */
function randomStream(random: Random): Uint8Array {
  const parts: (string | number[])[] = [];
  const chance = (probability: number): boolean => random.next() < probability;
  if (chance(0.4)) parts.push(bom);
  if (chance(0.05)) parts.push(bom);
  const lines = random.int(0, 14);
  for (let index = 0; index < lines; index++) {
    if (chance(0.15)) {
      parts.push(random.pick(lineEndings));
      continue;
    }
    const name = random.pick(names);
    parts.push(name, random.pick(separators));
    for (let count = random.int(0, 3); count > 0; count--) {
      // Mostly digits after retry, so that some values are all digits and set it.
      if (name === 'retry' && chance(0.7)) parts.push(random.pick(digits));
      else if (chance(0.12)) parts.push(random.pick(rawBytes));
      else if (chance(0.03)) parts.push(chance(0.5) ? random.pick(['x', ':']).repeat(random.int(400, 5000)) : 'é'.repeat(random.int(200, 600)));
      else parts.push(random.pick(values));
    }
    // The last line may be cut off, or end in a CR that a LF may still follow.
    if (index < lines - 1 || chance(0.6)) parts.push(random.pick(lineEndings));
    if (chance(0.25)) parts.push(random.pick(lineEndings));
  }
  const bytes = new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8.encode(part)] : part)));
  // Or the connection ended anywhere: in a field name, a value, a character, between a CR and its LF.
  return chance(0.3) ? bytes.subarray(0, random.int(0, bytes.length)) : bytes;
}

/** Where to cut: anywhere; after every CR (its LF, if any, starts the next piece); inside every character. */
function randomCuts(random: Random, bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  const mode = random.int(0, 3);
  // At most about a hundred random cuts: thousands of tiny pieces make a long stream slow to read, not harder.
  const cutChance = Math.min(0.5, 100 / bytes.length);
  for (let at = 1; at < bytes.length; at++) {
    if (mode === 1 && bytes[at - 1] === 0x0d) cuts.push(at);
    if (mode === 2 && (bytes[at]! & 0xc0) === 0x80) cuts.push(at);
    if (mode === 3 && random.next() < cutChance) cuts.push(at);
  }
  for (let count = random.int(0, 8); count > 0 && bytes.length > 1; count--) cuts.push(random.int(1, bytes.length - 1));
  return [...new Set(cuts)].sort((a, b) => a - b);
}

/** Cuts `bytes`, with an empty piece here and there (a read that brought nothing). */
function piecesOf(random: Random, bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (const [index, start] of [0, ...cuts].entries()) {
    if (random.next() < 0.1) pieces.push(new Uint8Array(0));
    pieces.push(bytes.subarray(start, cuts[index] ?? bytes.length));
  }
  return pieces;
}

/** The decoder's events, each with its `retry` when it came, and its `retry` at the end. */
function decode(pieces: readonly Uint8Array[]): InterpretedStream {
  const events: InterpretedEvent[] = [];
  const decoder: SSEDecoder = new SSEDecoder((event) => events.push({ event: event.event, data: event.data, id: event.id, retry: decoder.retry }));
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return { events, retry: decoder.retry };
}

/** parseSSEStream's events, then the name of the error it threw; the body may end with a reset connection. */
async function parse(pieces: readonly Uint8Array[], breakWith?: unknown): Promise<{ events: Omit<InterpretedEvent, 'retry'>[]; thrown: string | undefined }> {
  const { items, error } = await readAll(parseSSEStream(createTestBody(pieces, { breakWith }).body));
  return { events: items.map(({ event, data, id }) => ({ event, data, id })), thrown: error === undefined ? undefined : (error as Error).name };
}

/** Pieces as a JS string literal would spell their bytes: printable ASCII as is, every other byte as `\xNN`. */
function show(pieces: readonly Uint8Array[]): string {
  const byte = (value: number): string =>
    value >= 0x20 && value < 0x7f && value !== 0x5c && value !== 0x27 ? String.fromCharCode(value) : `\\x${value.toString(16).padStart(2, '0')}`;
  const shown = pieces.map((piece) => `'${[...piece].map(byte).join('')}'`).join(' | ');
  return shown.length > 3000 ? `${shown.slice(0, 3000)}… (${shown.length} characters)` : shown;
}

/** `expect(actual).toEqual(expected)`, spelling out the input (a cost per byte) only when they differ. */
function expectSame(actual: unknown, expected: unknown, input: () => string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, input()).toEqual(expected);
}

describe('SSEDecoder and parseSSEStream against the standard, on random streams in random pieces', () => {
  test(`${streams} streams, each from its own seed, give the events, ids and retry of interpretEventStream`, async () => {
    for (let seed = 1; seed <= streams; seed++) {
      const random = createRandom(seed);
      const bytes = randomStream(random);
      const expected = interpretEventStream(bytes);
      const whole = [bytes];
      expectSame(decode(whole), expected, () => `seed ${seed}, in one piece: ${show(whole)}`);
      for (let split = 0; split < 3; split++) {
        const pieces = piecesOf(random, bytes, randomCuts(random, bytes));
        expectSame(decode(pieces), expected, () => `seed ${seed}, split ${split}: ${show(pieces)}`);
        // A connection that breaks gives the events of a clean end of the same bytes, then throws.
        if (split < 2) {
          const events = expected.events.map(({ event, data, id }) => ({ event, data, id }));
          const breaks = split === 1;
          const thrown = breaks ? StreamTruncatedError.name : undefined;
          const parsed = await parse(pieces, breaks ? new TypeError('terminated') : undefined);
          expectSame(parsed, { events, thrown }, () => `seed ${seed}, parseSSEStream${breaks ? ', connection reset' : ''}: ${show(pieces)}`);
        }
      }
    }
    // 2 to 3 s alone; ten times that on a machine whose two cores run other test files too (turbo runs every
    // package's tests at once): a limit for a hung read, not for speed.
  }, 120_000);
});
