import { ChunkResult } from './chunk-result.js';
import { GroqError } from './errors/groq-error.js';
import { mayHoldClientKey } from './may-hold-client-key.js';
import { redactKnownKeysInJSON } from './redact-secrets-deep.js';
import type { SafeErrorPayload } from './safe-error-payload.js';

// The frames and chunk JSON of `sseFrames` (sse-frames.ts), which the relays' encoders (loaded with `import()`)
// use from here: esbuild puts a module up front for a page that uses it only through `import()` when the
// package's index exports it (see ChatCompletionAccumulator), as it exports `sseFrames`. A page that reads a
// stream then has none of this up front.
/**
 * The frames of the SSE wire format that relays send to browsers. One definition, so the Node relay, the
 * web relay and `Stream.toSSEReadableStream()` write byte-identical streams.
 */
export const relayFrames = {
  /**
   * `data: <json>` for one chunk. JSON never contains a raw line break, so one data line suffices. A
   * chunk's `x_groq.error` is left out: the stream ends with an `error` frame carrying a safe message
   * instead, and the server's own words stay on the server.
   */
  data: (value: unknown): string => `data: ${chunkJSON(value)}\n\n`,
  /** The end of a complete answer. */
  done: 'data: [DONE]\n\n',
  /** An error, in the shape Groq's own error bodies use: `{"error": {...}}`. */
  error: (payload: SafeErrorPayload): string => `event: error\ndata: ${JSON.stringify({ error: payload })}\n\n`,
  /** A comment line that keeps proxies from closing an idle connection; readers ignore it. */
  heartbeat: ': ping\n\n',
} as const;

/**
 * A chunk as a relay passes it on: JSON without `x_groq.error`, and with any client key redacted. Groq
 * never echoes the key, but a proxy or gateway in between may (a debug field with the request's headers).
 * Only keys: the generic patterns for tokens and passwords would rewrite an answer that explains an API.
 */
export function chunkJSON(value: unknown): string {
  const chunk = withoutServerError(value);
  const json = JSON.stringify(chunk) as string | undefined;
  // JSON.stringify gives undefined, not an error, for what JSON cannot hold: `data: undefined` would reach the
  // browser as a chunk that is not JSON, with no word of what the app's iterator gave.
  if (json === undefined) {
    throw new GroqError(`A relay cannot send ${notJSONValue(chunk)} as a chunk: JSON cannot hold it.`, {
      hint: 'Yield chunk objects (ChatCompletionChunk) from the iterator the stream reads.',
    });
  }
  // The values, not the JSON text: a replacement in the text could eat an escaped quote and break it.
  return mayHoldClientKey(json) ? JSON.stringify(redactKnownKeysInJSON(chunk)) : json;
}

/** What JSON.stringify gives undefined for, in words. */
function notJSONValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) return 'an object whose toJSON() gave undefined';
  return `a ${typeof value}`;
}

/**
 * The JSON a relay passes on for one result of a chunk iterator, equal to `chunkJSON(result.value)` as a
 * reader parses it. Only a {@link ChunkResult} (a chunk reader's, whose chunk nothing can have changed since it
 * was parsed) carries the text the chunk came from; that text goes as the server sent it when that
 * is safe, which spares serialising every chunk again. Otherwise (any other result, a chunk with
 * `x_groq.error`, text over several lines, anything that may be a client key) the chunk is serialised.
 */
export function chunkJSONOf(result: IteratorYieldResult<unknown>): string {
  return result instanceof ChunkResult && passesAsIs(result.value, result.text) ? result.text : chunkJSON(result.value);
}

/** The `data:` frame of one result of a chunk iterator: {@link chunkJSONOf}'s JSON, as `relayFrames.data` frames it. */
export function dataFrameOf(result: IteratorYieldResult<unknown>): string {
  return `data: ${chunkJSONOf(result)}\n\n`;
}

// A line break would end the data line (an event's `data:` lines are joined with one). A `\u` or `\/` escape
// could spell a key that `mayHoldClientKey` does not see in the text; JSON's other escapes have one spelling
// only, the one `JSON.stringify` writes and the key's JSON form is looked for in.
const hidingEscape = /\\[u/]/;

function passesAsIs(chunk: unknown, text: string): boolean {
  return isOneCleanLine(text) && !mayHoldClientKey(text) && !hasServerError(chunk);
}

/**
 * No line break, and no `\u` or `\/` escape. Searches for single characters rather than one regular
 * expression: a relay runs this on every chunk, and in V8 `/[\n\r]|\\[u/]/` took 220 ns over a chunk of the
 * mock's where the three searches take 60, the last only when the text holds a backslash at all.
 */
function isOneCleanLine(text: string): boolean {
  return text.indexOf('\n') === -1 && text.indexOf('\r') === -1 && (text.indexOf('\\') === -1 || !hidingEscape.test(text));
}

/** Whether `value` carries `x_groq.error`; `null` means "no error". */
function hasServerError(value: unknown): boolean {
  const error = (value as { x_groq?: { error?: unknown } } | null)?.x_groq?.error;
  return error !== undefined && error !== null;
}

/**
 * `value` without `x_groq.error` (a copy; the chunk itself is left as it was): the stream ends with a safe
 * error instead, and the server's own words stay on the server. `null` means "no error" and stays.
 */
function withoutServerError(value: unknown): unknown {
  if (!hasServerError(value)) return value;
  const { error: _, ...rest } = (value as { x_groq: { error?: unknown } }).x_groq;
  return { ...(value as object), x_groq: rest };
}
