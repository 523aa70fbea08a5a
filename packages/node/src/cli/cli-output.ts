import { once } from 'node:events';
import { ControlEscaper } from './control-escaper.js';
import { SurrogatePairJoiner } from './surrogate-pair-joiner.js';

/**
 * The answer's way to stdout: waits for `drain` when the reader is slower than the stream (so the upstream
 * is read no faster than the text is taken), remembers whether the last line is open, joins a character whose
 * UTF-16 halves come in two pieces, writes control and invisible characters as escapes when asked to (for a
 * terminal, see ControlEscaper), and turns a failed write (EPIPE when `| head` closes early) into state the CLI
 * can act on instead of a crash.
 */
export class CliOutput {
  /** The write error, once stdout failed; later writes are dropped. */
  error: NodeJS.ErrnoException | undefined;
  private lineOpen = false;
  private readonly pairs = new SurrogatePairJoiner();
  private readonly controls: ControlEscaper | undefined;
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.error ??= error;
    this.onFailure();
  };

  constructor(
    private readonly stdout: NodeJS.WritableStream,
    /** Called once when stdout fails, e.g. to stop the stream that feeds it. */
    private readonly onFailure: () => void,
    /**
     * `escapeControls`: whether to write the text's control and invisible characters as escapes (stdout is a
     * terminal); `drawsUnicode`: whether that terminal draws emoji, whose joiners and tags are then kept. See
     * ControlEscaper.
     */
    { escapeControls = false, drawsUnicode = true }: { escapeControls?: boolean; drawsUnicode?: boolean } = {},
  ) {
    this.controls = escapeControls ? new ControlEscaper({ drawsUnicode }) : undefined;
    // Never removed: a late EPIPE from a write still queued must not become an uncaught error.
    stdout.on('error', this.onError);
  }

  /** Writes `text`; resolves once stdout can take more. Rejects when `signal` aborts while it waits. */
  async write(text: string, signal: AbortSignal): Promise<void> {
    if (this.error !== undefined || text === '') return;
    // A text that ends with a high half leaves the line open: the half waits for the next text, or for endLine(), as
    // a last CR does to be escaped.
    this.lineOpen = !text.endsWith('\n');
    const joined = this.pairs.next(text);
    const ready = this.controls?.next(joined) ?? joined;
    if (ready === '' || this.stdout.write(ready)) return;
    try {
      await once(this.stdout, 'drain', { signal });
    } catch (error) {
      // A write error is already recorded by the listener; an abort is the caller's to see.
      if (this.error === undefined) throw error;
    }
  }

  /** Writes all of `text` (the usage, the version) and resolves once it is out or failed, the failure in `error`. */
  async writeAll(text: string): Promise<void> {
    if (this.error !== undefined) return;
    await new Promise<void>((resolve) =>
      this.stdout.write(text, (error) => {
        if (error) this.error ??= error;
        resolve();
      }),
    );
  }

  /** Ends an open line, so that the shell prompt (or an error message) starts on a line of its own. */
  endLine(): void {
    if (this.lineOpen && this.error === undefined) this.stdout.write(`${this.rest()}\n`);
    this.lineOpen = false;
  }

  /** What the text's last piece left held: the half of a character, before it a CR, a ZWJ, a flag and its tags. */
  private rest(): string {
    const half = this.pairs.rest();
    return this.controls === undefined ? half : `${this.controls.next(half)}${this.controls.rest()}`;
  }

  /** Whether stdout went away because its reader closed the pipe: nothing to report. */
  get closedByReader(): boolean {
    return this.error?.code === 'EPIPE';
  }
}
