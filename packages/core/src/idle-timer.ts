import { maxDelayMs } from './max-delay-ms.js';

/**
 * What an armed timer calls back: the timer itself while a read waits, and only a weak reference to it
 * while the consumer is away. A stream whose iterator was dropped between reads is then garbage at once,
 * and its connection released (see `abort-when-dropped.ts`), not held until the timer fires.
 */
interface TimerTarget {
  readonly weak: { deref(): IdleTimer | undefined };
  reading: IdleTimer | undefined;
}

/**
 * Measures the silence between events while the reader waits on the network, for
 * `ChunkReaderOptions.idleTimeout`, and calls `onIdle` once it has lasted `timeout` milliseconds and the
 * runtime has had one more turn for I/O. Time the consumer spends away from the loop (from `endRead()` to
 * the next `beginRead()`) does not count. A `timeout` of 0 or less never fires.
 */
export class IdleTimer {
  /** An event arrived since the silence being measured began: the reader sets it on every event. */
  sawEvent = true;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * When the silence began, on `performance.now()`'s clock, as the timers that measure it run: the wall clock set
   * back (NTP, a VM resumed) would put the timeout off by as much, and set forward it would fail a live stream.
   */
  #idleSince = 0;
  /** This silence's extra turn for I/O was given (see `onTimer`). */
  #graced = false;
  readonly #target: TimerTarget | undefined;
  /** What the timer calls: made by `fireOf`, so that it holds the target, never this one itself. */
  readonly #fire: (() => void) | undefined;

  readonly #onIdle: () => void;

  constructor(
    readonly timeout: number,
    onIdle: () => void,
  ) {
    this.#onIdle = onIdle;
    if (timeout <= 0) return;
    // Without `WeakRef` (old runtimes), the timer holds this one as before.
    this.#target = { weak: typeof WeakRef === 'undefined' ? { deref: () => this } : new WeakRef(this), reading: undefined };
    this.#fire = IdleTimer.#fireOf(this.#target);
  }

  beginRead(): void {
    if (this.#target === undefined) return;
    this.#target.reading = this;
    // Armed on the first read, so a stream nobody reads schedules nothing.
    if (this.#timer === undefined) this.#arm(this.timeout);
    if (this.sawEvent) {
      this.sawEvent = false;
      this.#idleSince = performance.now();
      this.#graced = false;
    }
  }

  /** The read ended: until the next `beginRead()`, the silence is the consumer's, and the timer holds this one weakly. */
  endRead(): void {
    if (this.#target !== undefined) this.#target.reading = undefined;
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  #arm(ms: number): void {
    // A longer limit (`Infinity`, say) waits in several timers: `onTimer` arms the next with what remains.
    this.#timer = setTimeout(this.#fire!, Math.min(ms, maxDelayMs));
    // In Node, a stream left unread must not keep the process alive just for this timer.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  static #fireOf(target: TimerTarget): () => void {
    return () => {
      const timer = target.reading ?? target.weak.deref();
      if (timer !== undefined) timer.#onTimer();
    };
  }

  #onTimer(): void {
    // The consumer is away: the next read arms the timer again. Re-armed meanwhile, it would keep a reader
    // that was left without `return()` in memory for ever, long after its connection is gone.
    if (this.#target?.reading === undefined) {
      this.#timer = undefined;
      return;
    }
    const remaining = this.#idleSince + this.timeout - performance.now();
    if (this.sawEvent || remaining > 0) {
      this.#arm(this.sawEvent ? this.timeout : Math.max(remaining, 1));
      return;
    }
    // After the event loop was blocked (a long synchronous task, a GC pause) for about `timeout`, the timer
    // fires before the runtime reads the socket that may hold the next event: Node runs timers before its
    // poll phase. One more turn first: a timer set now runs after the next poll in Node, and browsers may run
    // network tasks before it. Once per silence, so a silent server still fails about `timeout` in.
    if (!this.#graced) {
      this.#graced = true;
      this.#arm(0);
      return;
    }
    this.#onIdle();
  }
}
