import { maxDelayMs } from './max-delay-ms.js';

/**
 * Measures the silence between events while the reader waits on the network, for
 * `ChunkReaderOptions.idleTimeout`, and calls `onIdle` once it has lasted `timeout` milliseconds and the
 * runtime has had one more turn for I/O. Time the consumer spends away from the loop does not count. A
 * `timeout` of 0 or less never fires.
 */
export class IdleTimer {
  /** An event arrived since the silence being measured began: the reader sets it on every event. */
  sawEvent = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleSince = 0;
  /** This silence's extra turn for I/O was given (see `onTimer`). */
  private graced = false;

  constructor(
    readonly timeout: number,
    private readonly reading: () => boolean,
    private readonly onIdle: () => void,
  ) {}

  beginRead(): void {
    if (this.timeout <= 0) return;
    // Armed on the first read, so a stream nobody reads schedules nothing.
    if (this.timer === undefined) this.arm(this.timeout);
    if (this.sawEvent) {
      this.sawEvent = false;
      this.idleSince = Date.now();
      this.graced = false;
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    // A longer limit (`Infinity`, say) waits in several timers: `onTimer` arms the next with what remains.
    this.timer = setTimeout(this.onTimer, Math.min(ms, maxDelayMs));
    // In Node, a stream left unread must not keep the process alive just for this timer.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private readonly onTimer = (): void => {
    // The consumer is away: the next read arms the timer again. Re-armed meanwhile, it would keep a reader
    // that was left without `return()` in memory for ever, long after its connection is gone.
    if (!this.reading()) {
      this.timer = undefined;
      return;
    }
    const remaining = this.idleSince + this.timeout - Date.now();
    if (this.sawEvent || remaining > 0) {
      this.arm(this.sawEvent ? this.timeout : Math.max(remaining, 1));
      return;
    }
    // After the event loop was blocked (a long synchronous task, a GC pause) for about `timeout`, the timer
    // fires before the runtime reads the socket that may hold the next event: Node runs timers before its
    // poll phase. One more turn first: a timer set now runs after the next poll in Node, and browsers may run
    // network tasks before it. Once per silence, so a silent server still fails about `timeout` in.
    if (!this.graced) {
      this.graced = true;
      this.arm(0);
      return;
    }
    this.onIdle();
  };
}
