import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { abortableDelay } from './abortable-delay.js';

// Unthrottled streams are written in batches of about this many characters: one socket write per
// chunk would make a 100,000-token benchmark measure syscalls instead of the client.
const BATCH_CHARACTERS = 64 * 1024;

/** Options of {@link writeSseStream}. */
export interface WriteSseStreamOptions {
  response: ServerResponse;
  /** Text to write at each paced step; the first step is written after `ttftMs`. */
  ticks: Iterable<string>;
  /** Wait before the first step, in milliseconds. */
  ttftMs: number;
  /** Steps per second after the first; 0 writes everything as fast as the client reads. */
  tokensPerSecond: number;
  /** Aborted when the client goes away: the loop stops at once and leaves no timer behind. */
  signal: AbortSignal;
}

/**
 * Writes `ticks` to `response` at the requested pace, respecting backpressure (a `write` that returns
 * false waits for `drain`). Steps that fall behind schedule are written together. Does not end the
 * response: the caller decides how the stream ends (normally, with an error event, or not at all).
 *
 * @returns true when every step was handed to the socket, false when the client went away first.
 */
export async function writeSseStream({ response, ticks, ttftMs, tokensPerSecond, signal }: WriteSseStreamOptions): Promise<boolean> {
  if (!(await abortableDelay(ttftMs, signal))) return false;
  const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  const start = performance.now();
  let batch = '';
  let index = 0;
  for (const tick of ticks) {
    const due = start + index * interval;
    // Timers below a millisecond are not honoured; such steps join the batch instead.
    const early = interval > 0 && due - performance.now() >= 1;
    if (batch !== '' && (early || batch.length >= BATCH_CHARACTERS)) {
      if (!(await write(response, batch, signal))) return false;
      batch = '';
    }
    if (early && !(await abortableDelay(due - performance.now(), signal))) return false;
    batch += tick;
    index += 1;
  }
  return batch === '' ? !signal.aborted : writeFlushed(response, batch, signal);
}

async function write(response: ServerResponse, text: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (response.write(text)) return true;
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
function writeFlushed(response: ServerResponse, text: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    response.write(text, (error) => resolve(error == null && !signal.aborted));
  });
}
