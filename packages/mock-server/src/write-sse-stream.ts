import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { abortableDelay } from './abortable-delay.js';
import { SseBatch } from './sse-batch.js';

// Unthrottled streams are written in batches of about this many bytes: one socket write per chunk
// would make a 100,000-token benchmark measure syscalls instead of the client.
const BATCH_BYTES = 64 * 1024;

/** The events of one stream, in paced steps (one a token); from `createAnswerSteps`. */
export interface SseSteps {
  readonly count: number;
  /** Appends the events of step `step` (from 0) to `batch`. */
  append(batch: SseBatch, step: number): void;
}

/** Options of {@link writeSseStream}. */
export interface WriteSseStreamOptions {
  response: ServerResponse;
  /** What to write at each paced step; the first step is written after `ttftMs`. */
  steps: SseSteps;
  /** Wait before the first step, in milliseconds. */
  ttftMs: number;
  /** Steps per second after the first; 0 writes everything as fast as the client reads. */
  tokensPerSecond: number;
  /** Aborted when the client goes away: the loop stops at once and leaves no timer behind. */
  signal: AbortSignal;
}

/**
 * Writes `steps` to `response` at the requested pace, respecting backpressure (a `write` that returns
 * false waits for `drain`). Steps that fall behind schedule are written together. Does not end the
 * response: the caller decides how the stream ends (normally, with an error event, or not at all).
 *
 * The first step is written on its own as soon as it is due, so that a client gets its first chunk
 * without waiting for a batch. Unthrottled, the rest goes in batches of about 64 KB, and the event loop
 * gets a turn between two batches: a server streaming hundreds of answers still accepts and answers new
 * requests at once, instead of after every running stream has filled its socket.
 *
 * @returns true when every step was handed to the socket, false when the client went away first.
 */
export async function writeSseStream({ response, steps, ttftMs, tokensPerSecond, signal }: WriteSseStreamOptions): Promise<boolean> {
  if (!(await abortableDelay(ttftMs, signal))) return false;
  const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  const start = performance.now();
  const batch = new SseBatch(BATCH_BYTES);
  for (let step = 0; step < steps.count; step++) {
    const due = start + step * interval;
    // Timers below a millisecond are not honoured; such steps join the batch instead.
    const early = interval > 0 && due - performance.now() >= 1;
    if (batch.byteLength > 0 && (early || step === 1 || batch.byteLength >= BATCH_BYTES)) {
      if (!(await write(response, batch.take(), signal))) return false;
      // A paced stream waits for its next step below; an unpaced one lets other sockets have a turn.
      if (!early) {
        await nextTurn();
        if (signal.aborted) return false;
      }
    }
    if (early && !(await abortableDelay(due - performance.now(), signal))) return false;
    steps.append(batch, step);
  }
  return batch.byteLength === 0 ? !signal.aborted : writeFlushed(response, batch.take(), signal);
}

async function write(response: ServerResponse, bytes: Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (response.write(bytes)) return true;
  try {
    await once(response, 'drain', { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}

// The last write waits until its bytes reach the socket, so that a fault that destroys the socket next
// (`drop`) cannot discard chunks the client was meant to receive.
function writeFlushed(response: ServerResponse, bytes: Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    response.write(bytes, (error) => resolve(error == null && !signal.aborted));
  });
}
