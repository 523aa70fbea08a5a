import { describe, expect, test } from 'vitest';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript, type TranscriptChunk } from './test/create-chunk-transcript.js';
import { createRandom, type Random } from './test/create-random.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';

// Stream.fromSSEResponse over random Groq answers (shared/GROQ-WIRE.md) with heartbeats between the events, in
// random pieces: the whole answer gives exactly its chunks; one with a fault (cut off before its last chunk's
// data line ended, an error event or a data object with an error member, data that is no JSON) gives the chunks
// before the fault, then the fault's own error, never a quiet end (shared/SSE-CASES.md, chat-completion layer).
// stream.test.ts and whatwg-event-stream-rules.test.ts hold each fault at one fixed place; here it moves.

const answers = 200;
const utf8 = new TextEncoder();

interface Answer {
  chunks: TranscriptChunk[];
  /** The events of the body, heartbeats included, each as its text. */
  events: string[];
  /** Where in `events` each chunk is. */
  chunkAt: number[];
  lineEnding: string;
}

function randomAnswer(random: Random, seed: number): Answer {
  const chunks = createChunkTranscript({ chunks: random.int(2, 10), seed, finishReason: random.pick(['stop', 'length', 'tool_calls'] as const) });
  const lineEnding = random.pick(['\n', '\n', '\r\n', '\r']);
  const heartbeats = [`: ping${lineEnding}${lineEnding}`, `:${lineEnding}`, `: ${'x'.repeat(random.int(0, 600))}${lineEnding}`];
  const events: string[] = [];
  const chunkAt: number[] = [];
  const heartbeat = (): void => {
    if (random.next() < 0.4) events.push(random.pick(heartbeats));
  };
  heartbeat();
  for (const chunk of chunks) {
    chunkAt.push(events.length);
    events.push(`data: ${JSON.stringify(chunk)}${lineEnding}${lineEnding}`);
    heartbeat();
  }
  events.push(`data: [DONE]${lineEnding}${lineEnding}`);
  return { chunks, events, chunkAt, lineEnding };
}

/** `bytes` in about 1 to 12 pieces of random sizes. */
function randomPieces(random: Random, bytes: Uint8Array): Uint8Array[] {
  const largest = Math.max(1, Math.ceil((2 * bytes.length) / random.int(1, 12)));
  return splitBytes(bytes, () => random.int(1, largest));
}

/** What Stream.fromSSEResponse gives for `body` in random pieces; the body may end with a reset connection. */
async function read(random: Random, body: Uint8Array, breaks = false): Promise<{ items: unknown[]; error: unknown }> {
  const init = breaks ? { breakWith: new TypeError('terminated') } : {};
  return readAll(Stream.fromSSEResponse(createTestResponse(randomPieces(random, body), init).response));
}

const errorEvents: [data: string, serverMessage: string][] = [
  ['{"error":{"message":"Service overloaded","type":"server_error","code":"overloaded"}}', 'Service overloaded'],
  ['{"message":"Service overloaded"}', 'Service overloaded'],
  ['Service overloaded', 'Service overloaded'],
];

describe('Stream.fromSSEResponse over random answers in random pieces', () => {
  test(`${answers} answers with heartbeats give exactly their chunks, and each fault its error after the chunks before it`, async () => {
    for (let seed = 1; seed <= answers; seed++) {
      const random = createRandom(seed);
      const { chunks, events, chunkAt, lineEnding } = randomAnswer(random, seed);
      const body = events.join('');
      const whole = utf8.encode(body);
      const shown = (fault: string): string => `seed ${seed}, ${fault}: ${JSON.stringify(body)}`;

      expect(await read(random, whole), shown('whole')).toEqual({ items: chunks, error: undefined });

      // Cut off before the last chunk's data line ended: what came whole is delivered, then the truncation. Half
      // the time right after a data line's line break, where the event lacks only its blank line (SSE-CASES.md 14).
      const last = chunks.length - 1;
      // Where each chunk's data line has its line break (the first byte of it: a CR alone ends a line).
      const lineEnds = chunkAt.map((at, index) => utf8.encode(events.slice(0, at).join('')).length + utf8.encode(`data: ${JSON.stringify(chunks[index])}`).length + 1);
      const cutAt = last > 0 && random.next() < 0.5 ? lineEnds[random.int(0, last - 1)]! : random.int(0, lineEnds[last]! - 1);
      const breaks = random.next() < 0.5;
      const cut = await read(random, whole.subarray(0, cutAt), breaks);
      const came = lineEnds.filter((end) => end <= cutAt).length;
      const cutOff = shown(`cut at byte ${cutAt}${breaks ? ', connection reset' : ''}`);
      expect(cut.items, cutOff).toEqual(chunks.slice(0, came));
      expect(cut.error, cutOff).toBeInstanceOf(StreamTruncatedError);

      // A fault in place of the event before chunk `before` (the end: before [DONE]), with the rest of the answer after it.
      const before = random.int(0, chunks.length);
      const faultAt = before === chunks.length ? events.length - 1 : chunkAt[before]!;
      const withFault = (fault: string): Uint8Array => utf8.encode([...events.slice(0, faultAt), fault, ...events.slice(faultAt)].join(''));
      const [errorData, serverMessage] = random.pick(errorEvents);
      const faults: [name: string, fault: string, error: new (...args: never[]) => Error][] = [
        ['event: error', `event: error${lineEnding}data: ${errorData}${lineEnding}${lineEnding}`, StreamServerError],
        ['data with an error member', `data: {"error":{"message":"${serverMessage}","code":"overloaded"}}${lineEnding}${lineEnding}`, StreamServerError],
        ['data that is no JSON', `data: ${JSON.stringify(chunks[0]).slice(0, -1)}${lineEnding}${lineEnding}`, StreamInvalidDataError],
      ];
      for (const [name, fault, error] of faults) {
        const faulty = await read(random, withFault(fault));
        const at = shown(`${name} before chunk ${before}`);
        expect(faulty.items, at).toEqual(chunks.slice(0, before));
        expect(faulty.error, at).toBeInstanceOf(error);
        if (error === StreamServerError) expect((faulty.error as StreamServerError).serverMessage, at).toBe(serverMessage);
      }
    }
  });
});
