import { isUtf8 } from 'node:buffer';
import { addAbortSignal, type Readable } from 'node:stream';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Reads all of `input` as UTF-8 text (multi-byte characters split across reads are joined first).
 *
 * @throws an `AbortError` when `signal` aborts first; the input is then destroyed, so it keeps nothing open.
 * @throws CliUsageError when the bytes are not UTF-8 (a Latin-1 or UTF-16 file): decoded anyway, its letters
 *   would reach the model as U+FFFD without a word to the user.
 */
export async function readStdin(input: Readable, signal: AbortSignal): Promise<string> {
  addAbortSignal(signal, input);
  const pieces: Buffer[] = [];
  for await (const piece of input) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
  const bytes = Buffer.concat(pieces);
  if (!isUtf8(bytes)) throw new CliUsageError('stdin is not UTF-8 text. Convert it first, e.g. iconv -f LATIN1 -t UTF-8 prompt.txt | groq-stream.');
  return bytes.toString('utf8');
}
