import { ChoiceTracker } from './choice-tracker.js';
import { errorPayloadGuard } from './error-payload-guard.js';
import { isRecord } from './is-object.js';
import { pullOnDemand } from './pull-on-demand.js';
import { chunkJSON, chunkJSONOf } from './relay-frames.js';
import { SplitKeyGuard } from './split-key-guard.js';
import type { StreamBytes } from './stream-bytes.js';

const encoder = new TextEncoder();

/**
 * Encodes items as newline-delimited JSON bytes; see `Stream.toReadableStream()`. `requestId` is the source's
 * upstream request id, which the error line carries when the error does not, as in the SSE encoder.
 */
export function encodeNDJSONStream<T>(iterator: AsyncIterator<T>, requestId?: string): ReadableStream<StreamBytes> {
  return new ReadableStream<StreamBytes>(ndjsonStreamSource(iterator, requestId), pullOnDemand);
}

/**
 * What {@link encodeNDJSONStream} builds its stream on, for a stream made before this module had loaded (see
 * `lazyReadableStream`), which hands its reads and its cancel to it.
 */
export function ndjsonStreamSource<T>(iterator: AsyncIterator<T>, requestId?: string): UnderlyingDefaultSource<StreamBytes> {
  const errorPayload = errorPayloadGuard(undefined, requestId);
  // As in the SSE frames: a key that an echo spreads over chunks is held back until it is whole.
  const guard = new SplitKeyGuard();
  // Which choices have finished, and the last chunk, for `closingChunk`. Noted, not checked: a reader's chunks
  // were checked once already, and a hand-built stream's bad field goes on as it came, as in the SSE frames,
  // for the reader on the other side to refuse.
  const choices = new ChoiceTracker(0);
  let last: Record<string, unknown> | undefined;
  let cancelled = false;
  return {
    async pull(controller) {
      try {
        const result = await iterator.next();
        if (cancelled) return;
        if (result.done) {
          const rest = guard.end();
          if (rest !== undefined) controller.enqueue(encoder.encode(`${chunkJSON(rest)}\n`));
          const closing = closingChunk(last, choices.unfinishedChoices());
          if (closing !== undefined) controller.enqueue(encoder.encode(`${chunkJSON(closing)}\n`));
          controller.close();
          return;
        }
        const chunk: unknown = result.value;
        if (isRecord(chunk) && Array.isArray((chunk as { choices?: unknown }).choices)) {
          last = chunk as Record<string, unknown>;
          choices.note(last.choices as unknown[]);
        }
        // As in the SSE encoder: the chunk goes without `x_groq.error`, and the safe error line follows it.
        controller.enqueue(encoder.encode(`${chunkJSONOf(guard.passResult(result))}\n`));
      } catch (error) {
        if (cancelled) return;
        // An abort too, as in the SSE encoder: a reader still here did not cause it, and must learn that the
        // answer was cut. A bare end reads as a whole answer where nothing checks for a finish_reason (groq-sdk's
        // `fromReadableStream()`), and as a connection a proxy cut where something does.
        controller.enqueue(encoder.encode(`${JSON.stringify({ error: errorPayload(error) })}\n`));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      await iterator.return?.();
    },
  };
}

/**
 * The chunk that ends the NDJSON of a source that ended complete (its `[DONE]`) with choices that have no
 * `finish_reason`: an empty delta with `finish_reason: "stop"` for each, in the last chunk's id, model and time,
 * or `undefined` when every choice has finished (or no chunk came). NDJSON has no end marker, and groq-sdk's
 * `fromReadableStream()` yields every line, so a marker line would reach its readers as a chunk; without this
 * one, `Stream.fromReadableStream()` read the complete answer back as cut off. `stop` is what `[DONE]` means
 * for such a choice (`finalChatCompletion()` says so too), and a chunk of this shape is one Groq sends itself.
 */
function closingChunk(last: Record<string, unknown> | undefined, unfinished: number[]): Record<string, unknown> | undefined {
  if (last === undefined || unfinished.length === 0) return undefined;
  const meta = Object.fromEntries(['id', 'object', 'created', 'model', 'system_fingerprint'].filter((name) => last[name] !== undefined).map((name) => [name, last[name]]));
  return { ...meta, choices: unfinished.map((index) => ({ index, delta: {}, logprobs: null, finish_reason: 'stop' })) };
}
