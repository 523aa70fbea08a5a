import { addAbortSignal, type Readable } from 'node:stream';

/**
 * Reads all of `input` as UTF-8 text (multi-byte characters split across reads are joined first).
 *
 * @throws an `AbortError` when `signal` aborts first; the input is then destroyed, so it keeps nothing open.
 */
export async function readStdin(input: Readable, signal: AbortSignal): Promise<string> {
  addAbortSignal(signal, input);
  const pieces: Buffer[] = [];
  for await (const piece of input) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer));
  return Buffer.concat(pieces).toString('utf8');
}
