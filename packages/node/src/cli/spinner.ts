/** A spinner started by {@link startSpinner}. */
export interface Spinner {
  /** Stops it and erases its line. Safe to call more than once. */
  stop(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Draws `text` behind a turning wheel on one line of `output` (a terminal), redrawn every `intervalMs`,
 * until `stop()` erases the line. Its timer never keeps the process alive.
 */
export function startSpinner(output: NodeJS.WritableStream, text: string, intervalMs = 80): Spinner {
  let frame = 0;
  const draw = (): void => {
    output.write(`\r${frames[frame % frames.length]} ${text}`);
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
  };
}
