import { maxDelayMs } from './max-delay-ms.js';

/**
 * Measures the silence between events while the reader waits on the network, for
 * `ChunkReaderOptions.idleTimeout`, and calls `onIdle` once it has lasted `timeout` milliseconds. Time the
 * consumer spends away from the loop does not count. A `timeout` of 0 or less never fires.
 */
export class IdleTimer {
  /** An event arrived since the silence being measured began: the reader sets it on every event. */
  sawEvent = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleSince = 0;

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
    this.onIdle();
  };
}
