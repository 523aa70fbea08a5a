import { isUtf8 } from 'node:buffer';
import { addAbortSignal, type Readable } from 'node:stream';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Reads all of `input` as UTF-8 text (multi-byte characters split across reads are joined first).
 *
 * @throws an `AbortError` when `signal` aborts first; the input is then destroyed, so it keeps nothing open.
 * @throws CliUsageError when the bytes are not UTF-8 (a Latin-1 or UTF-16 file): decoded anyway, its letters
 *   would reach the model as U+FFFD without a word to the user. Also when stdin is open for writing only.
 */
export async function readStdin(input: Readable, signal: AbortSignal): Promise<string> {
  addAbortSignal(signal, input);
  const pieces: Buffer[] = [];
  try {
    for await (const piece of input) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
  } catch (error) {
    // A descriptor opened for writing, most often by a `>` meant as `<`, which a prompt argument must not hide
    // (the file the user meant to send has just been emptied). read() refuses a file's with EBADF; libuv, which
    // reads a pipe or a socket, sees the mode first and refuses with ENOTCONN.
    const { code } = error as NodeJS.ErrnoException;
    if (code !== 'EBADF' && code !== 'ENOTCONN') throw error;
    throw new CliUsageError('stdin cannot be read: it is open for writing only, as 0>file opens it. Redirect a file with < instead, as in: groq-stream < prompt.txt', {
      cause: error,
    });
  }
  const bytes = Buffer.concat(pieces);
  if (!isUtf8(bytes)) throw new CliUsageError('stdin is not UTF-8 text. Convert it first, e.g. iconv -f LATIN1 -t UTF-8 prompt.txt | groq-stream.');
  return bytes.toString('utf8');
}
