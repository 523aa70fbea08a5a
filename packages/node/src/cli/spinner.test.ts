import { describe, expect, test } from 'vitest';
import { startSpinner } from './spinner.js';

/** A terminal `columns` wide that keeps what is written to it. */
function terminal(columns: number | undefined): { output: NodeJS.WritableStream; writes: string[] } {
  const writes: string[] = [];
  const output = { columns, write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WritableStream;
  return { output, writes };
}

describe('startSpinner', () => {
  test('draws its text behind a wheel, and erases its line when stopped', () => {
    const { output, writes } = terminal(80);
    const spinner = startSpinner(output, 'Waiting for llama-3.3-70b-versatile…');
    spinner.stop();
    spinner.stop();
    expect(writes).toEqual(['\r⠋ Waiting for llama-3.3-70b-versatile…', '\r\u001b[K']);
  });

  test('lines printed while it turns take its row, and it is drawn again below them; once stopped, they are written as they are', () => {
    const { output, writes } = terminal(80);
    const spinner = startSpinner(output, 'Waiting…');
    spinner.print('[groq-stream] a log line\n');
    spinner.stop();
    spinner.print('[groq-stream] another\n');
    expect(writes).toEqual(['\r⠋ Waiting…', '\r\u001b[K[groq-stream] a log line\n', '\r⠙ Waiting…', '\r\u001b[K', '[groq-stream] another\n']);
  });

  test('a line no wider than the terminal: one that wraps leaves a row behind at each redraw', () => {
    // `\r` goes back to the start of the row the cursor is on: a line that wrapped onto a second row is drawn
    // again from there, one row lower each time, and `\r\u001b[K` erases the last row only.
    const text = 'Waiting for meta-llama/llama-4-scout-17b-16e-instruct…';
    for (const columns of [30, 4, 3, 1]) {
      const { output, writes } = terminal(columns);
      startSpinner(output, text).stop();
      const line = writes[0]!.slice(1);
      // The last column stays free too: a character there moves the cursor on to the next row in some terminals.
      expect([...line].length).toBeLessThan(columns);
      expect(text.startsWith(line.slice(2).replace(/…$/, ''))).toBe(true);
    }
    const wide = terminal(30);
    startSpinner(wide.output, text).stop();
    expect(wide.writes[0]).toBe('\r⠋ Waiting for meta-llama/lla…');
  });

  test('ascii: a wheel of |/-\\ and a line cut with ...', () => {
    const { output, writes } = terminal(80);
    const spinner = startSpinner(output, 'Waiting...', { ascii: true });
    spinner.print('a log line\n');
    spinner.print('another\n');
    spinner.print('and another\n');
    spinner.print('and the last\n');
    spinner.stop();
    expect(writes.filter((_, at) => at % 2 === 0)).toEqual(['\r| Waiting...', '\r/ Waiting...', '\r- Waiting...', '\r\\ Waiting...', '\r| Waiting...']);
    const text = 'Waiting for meta-llama/llama-4-scout-17b-16e-instruct...';
    for (const columns of [30, 5, 4, 3, 1]) {
      const narrow = terminal(columns);
      startSpinner(narrow.output, text, { ascii: true }).stop();
      expect(narrow.writes[0]!.length - 1).toBeLessThan(columns);
    }
    const wide = terminal(30);
    startSpinner(wide.output, text, { ascii: true }).stop();
    expect(wide.writes[0]).toBe('\r| Waiting for meta-llama/l...');
    const four = terminal(4);
    startSpinner(four.output, text, { ascii: true }).stop();
    expect(four.writes[0]).toBe('\r...');
  });

  test('not told the width (no columns, or 0 from a terminal that does not know its size): the whole text', () => {
    for (const columns of [undefined, 0]) {
      const { output, writes } = terminal(columns);
      startSpinner(output, 'Waiting for a-model-with-a-long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on…').stop();
      expect(writes[0]).toBe('\r⠋ Waiting for a-model-with-a-long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on…');
    }
  });
});
