import { fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * What stdin is, which decides whether it is read: `pipe` and `file` are what a shell's `|` and `<` give;
 * `other` is a socket (what Node's `exec()` leaves open, and never closes) or a character device (`/dev/null`).
 */
export type StdinKind = 'terminal' | 'pipe' | 'file' | 'directory' | 'other';

/** The kind of `stdin`, from its file descriptor; a stream without one (a test's) counts as a pipe. */
export function stdinKind(stdin: Readable & { isTTY?: boolean; fd?: unknown }): StdinKind {
  if (stdin.isTTY === true) return 'terminal';
  if (typeof stdin.fd !== 'number') return 'pipe';
  let stats;
  try {
    stats = fstatSync(stdin.fd);
  } catch {
    return 'other';
  }
  if (stats.isFIFO()) return 'pipe';
  if (stats.isFile()) return 'file';
  // Node gives a directory on stdin (`groq-stream < /`) as a stream that ends at once, which read as "empty".
  if (stats.isDirectory()) return 'directory';
  return 'other';
}
