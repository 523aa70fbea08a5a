/** A spinner started by {@link startSpinner}. */
export interface Spinner {
  /** Stops it and erases its line. Safe to call more than once. */
  stop(): void;
  /**
   * Writes `lines` (each ending with a line feed) in place of the spinner, which is drawn again below them: a log
   * line written after its text would begin in its row. Once stopped, `lines` are written as they are.
   */
  print(lines: string): void;
}

/** How the spinner draws. */
export interface SpinnerOptions {
  /** ASCII only (`|/-\\` and `...`): for a terminal that may lack the braille wheel and `…` (see terminalDrawsUnicode). */
  ascii?: boolean;
  /** Between two frames. */
  intervalMs?: number;
}

const unicodeGlyphs = { frames: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], cut: '…' };
const asciiGlyphs = { frames: ['|', '/', '-', '\\'], cut: '...' };

/**
 * Draws `text` behind a turning wheel on one line of `output` (a terminal), redrawn every `intervalMs`,
 * until `stop()` erases the line. Its timer never keeps the process alive.
 */
export function startSpinner(output: NodeJS.WritableStream & { columns?: number }, text: string, { ascii = false, intervalMs = 80 }: SpinnerOptions = {}): Spinner {
  const { frames, cut } = ascii ? asciiGlyphs : unicodeGlyphs;
  let frame = 0;
  const draw = (): void => {
    output.write(`\r${fitLine(`${frames[frame % frames.length]} ${text}`, output.columns, cut)}`);
    frame++;
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // Back to the start of the line, and erase to its end.
      output.write('\r\u001b[K');
    },
    print(lines) {
      if (stopped) {
        output.write(lines);
        return;
      }
      output.write(`\r\u001b[K${lines}`);
      draw();
    },
  };
}

/**
 * `line` cut to fit a terminal `columns` wide (read at each draw: the window may be resized), its last column
 * left free, `cut` at its end. A line that wraps could not be redrawn in place: `\r` goes back to the start of
 * the row the cursor is on, so each frame would begin one row lower and leave a row behind, and stop() erase only
 * the last.
 */
function fitLine(line: string, columns: number | undefined, cut: string): string {
  const characters = [...line];
  // 0: a terminal that does not know its size (a pseudo-terminal never given one).
  if (columns === undefined || columns === 0 || characters.length < columns) return line;
  const room = columns - 1 - cut.length;
  return room < 0 ? '' : `${characters.slice(0, room).join('')}${cut}`;
}
