import { GroqError } from './errors/groq-error.js';
import { onAbort } from './on-abort.js';
import { relayFrames } from './relay-frames.js';

/** What an SSE stream (see `encodeSSEStream`) shares with its timers. */
export interface SSEStreamState {
  /** A reader is waiting for bytes (a pull is in progress): a ping goes straight to it. */
  waiting: boolean;
  /**
   * When the last pull ended (`performance.now()`): the start of the reader's stall clock. Not the wall clock,
   * which set back would hold a stalled reader's upstream request as much longer, and set forward would fail a
   * reader that keeps reading.
   */
  delivered: number;
  /** The stream has had its end, or its reader left. */
  finished: boolean;
}

/** A reference that may be weak: `deref()` is `undefined` once its target is garbage. */
export interface MaybeWeak<T> {
  deref: () => T | undefined;
}

const encoder = new TextEncoder();

/**
 * Starts an SSE stream's heartbeats (a `: ping` every `heartbeatMs`, while the reader waits and is not
 * behind; none when 0 or once `aborted` fires) and its stall clock (the stream fails and `iterator` is
 * returned, aborting its request, when the reader takes no bytes for `stallTimeoutMs`; none when 0 or once
 * `aborted` fires), calling `stalled` first, if it is still there.
 * Returns whether heartbeats run, and `finish`, which stops both.
 *
 * Made apart from the stream, and given its controller and chunk iterator weakly: a timer's callback holds
 * the scope it was made in, so timers made beside the stream's pull kept the iterator, and with it the
 * upstream request, of a stream dropped part-way (its reader neither cancelled nor read to the end) until
 * they next fired, 15 s and 30 s later in the relays.
 */
export function startSSEStreamTimers(
  target: MaybeWeak<ReadableStreamDefaultController<Uint8Array>>,
  iterator: MaybeWeak<AsyncIterator<unknown>>,
  state: SSEStreamState,
  { heartbeatMs, stallTimeoutMs }: { heartbeatMs: number; stallTimeoutMs: number },
  aborted?: AbortSignal,
  stalled?: MaybeWeak<() => void>,
): { heartbeats: boolean; finish: () => void } {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let stopListening: (() => void) | undefined;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  const stopHeartbeat = (): void => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
    stopListening?.();
    stopListening = undefined;
  };
  let stopWatchingStall: (() => void) | undefined;
  const stopStallClock = (): void => {
    if (stallTimer !== undefined) clearTimeout(stallTimer);
    stallTimer = undefined;
    stopWatchingStall?.();
    stopWatchingStall = undefined;
  };
  const finish = (): void => {
    state.finished = true;
    stopHeartbeat();
    stopStallClock();
  };

  if (heartbeatMs > 0 && aborted?.aborted !== true) {
    heartbeat = setInterval(() => {
      const live = target.deref();
      if (live === undefined) stopHeartbeat();
      // A reader that is behind has bytes waiting already: a ping would only pile up.
      else if (state.waiting && (live.desiredSize ?? 0) >= 0) live.enqueue(encoder.encode(relayFrames.heartbeat));
    }, heartbeatMs);
    // In Node, a stream nobody reads must not keep the process alive for its pings.
    (heartbeat as { unref?: () => void }).unref?.();
    // Through `onAbort`'s one listener: many copies of one stream (`tee()` branches) share its signal.
    stopListening = aborted === undefined ? undefined : onAbort(aborted, stopHeartbeat);
  }

  // One timer for the whole stream, which looks at `state.delivered` when it fires, rather than one per chunk.
  let graced = false;
  const check = (): void => {
    stallTimer = undefined;
    if (state.finished) return;
    const live = target.deref();
    const idle = state.waiting ? 0 : performance.now() - state.delivered;
    if (live !== undefined && idle < stallTimeoutMs) {
      graced = false;
      arm(stallTimeoutMs - idle);
      return;
    }
    // After the process was itself held up (a long synchronous task, a GC pause) past the limit, this timer
    // runs before the I/O that came meanwhile (Node runs timers before its poll phase), which may be the
    // reader asking for more. One more turn first, once per silence, as the chunk reader's idle timer gives.
    if (live !== undefined && !graced) {
      graced = true;
      arm(0);
      return;
    }
    finish();
    live?.error(new GroqError(`The reader took no bytes for ${stallTimeoutMs} ms: the stream was stopped and its upstream request aborted.`));
    // Before the abort, as `onCancel` is called: a relay's line about it says that the upstream request was aborted.
    stalled?.deref()?.();
    // Leaving the chunk iterator aborts the upstream request.
    iterator.deref()?.return?.().catch(ignore);
  };
  const arm = (ms: number): void => {
    stallTimer = setTimeout(check, ms);
    // In Node, a stream nobody reads must not keep the process alive for this timer.
    (stallTimer as { unref?: () => void }).unref?.();
  };
  if (stallTimeoutMs > 0) {
    arm(stallTimeoutMs);
    // The clock guards the upstream request, which an abort has ended already: left running, it stayed
    // pending for stallTimeoutMs (30 s in the relays) after a browser left while its runtime was not reading.
    // A reader that reads again gets the abort's error event at once.
    stopWatchingStall = aborted === undefined || aborted.aborted ? undefined : onAbort(aborted, stopStallClock);
  }

  return { heartbeats: heartbeat !== undefined, finish };
}

function ignore(): void {}
