import { isUtf8 } from 'node:buffer';
import { addAbortSignal, type Readable } from 'node:stream';
import { CliUsageError } from './cli-usage-error.js';

/**
 * The most of stdin that is read: 16 MiB of text is millions of tokens, more than any model's context window, so
 * past it the request could only be refused. Held whole, an endless pipe (`yes |`, `cat /dev/zero |`) took
 * gigabytes of memory before anything was said.
 */
const maxStdinBytes = 16 * 1024 * 1024;

/**
 * Reads all of `input` as UTF-8 text (multi-byte characters split across reads are joined first).
 *
 * @throws an `AbortError` when `signal` aborts first; the input is then destroyed, so it keeps nothing open.
 * @throws CliUsageError when the bytes are not UTF-8 (a Latin-1 or UTF-16 file): decoded anyway, its letters
 *   would reach the model as U+FFFD without a word to the user. Also when stdin is open for writing only, and
 *   once it holds more than 16 MiB (the input is then destroyed).
 * @param options.terminal - stdin is a terminal: a line that starts with Ctrl-Z ends it, as on a Windows console.
 */
export async function readStdin(input: Readable, signal: AbortSignal, options: { terminal?: boolean } = {}): Promise<string> {
  addAbortSignal(signal, input);
  const pieces: Buffer[] = [];
  let size = 0;
  try {
    for await (const piece of input) {
      // A Windows console's end of input, Ctrl-Z at the start of a line, reaches Node as a character, not as the end
      // (nodejs/node#61397). On Unix, Ctrl-Z suspends the command, and Ctrl-D ends the stream itself.
      if (options.terminal === true && (typeof piece === 'string' ? piece.charCodeAt(0) : (piece as Buffer)[0]) === 0x1a) break;
      pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
      size += pieces.at(-1)!.length;
      // Leaving the loop destroys the input, which lets a writer that waits on it go (with EPIPE, or SIGPIPE).
      if (size > maxStdinBytes) break;
    }
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
  if (size > maxStdinBytes) {
    throw new CliUsageError('stdin holds more than 16 MiB, more than any model takes in a prompt. Send a part of it, as in: head -c 100000 file.txt | groq-stream');
  }
  const bytes = Buffer.concat(pieces);
  if (!isUtf8(bytes)) throw new CliUsageError('stdin is not UTF-8 text. Convert it first, e.g. iconv -f LATIN1 -t UTF-8 prompt.txt | groq-stream.');
  return bytes.toString('utf8');
}
