import { CliUsageError } from './cli-usage-error.js';
import type { ChatArguments } from './parse-cli-arguments.js';
import { readStdin } from './read-stdin.js';
import type { CliIO } from './run-cli.js';
import { stdinKind } from './stdin-kind.js';

/**
 * The prompt: the argument, stdin, or both. Without an argument, stdin is the prompt unless it is a terminal.
 * With one, stdin is read too when a shell piped or redirected it (`git diff | groq-stream "Review this"`), and
 * sent after the argument and a blank line. A socket or `/dev/null` is not read then: a program that runs the
 * command (Node's `exec()`) often leaves stdin open without meaning to give it anything, and its end would never
 * come. `--no-stdin` never reads it, for a pipe left open the same way or a loop that reads its own stdin.
 *
 * @throws CliUsageError when there is no prompt, or stdin is a directory or not UTF-8.
 */
export async function readPrompt(args: Pick<ChatArguments, 'prompt' | 'readStdin'>, io: Pick<CliIO, 'stdin' | 'signal'>): Promise<string> {
  if (!args.readStdin) {
    if (args.prompt === undefined) throw new CliUsageError('No prompt: give it as an argument; --no-stdin leaves stdin unread.');
    return args.prompt;
  }
  const kind = stdinKind(io.stdin);
  if (kind === 'directory') throw new CliUsageError('stdin is a directory, not text. Redirect a file instead, as in: groq-stream < prompt.txt');
  if (args.prompt === undefined) {
    if (kind === 'terminal') {
      throw new CliUsageError('No prompt: give it as an argument (groq-stream "Explain quantum computing") or on stdin (echo "..." | groq-stream).');
    }
    const prompt = (await readStdin(io.stdin, io.signal)).trim();
    if (prompt === '') throw new CliUsageError('No prompt: stdin was empty.');
    return prompt;
  }
  if (kind !== 'pipe' && kind !== 'file') return args.prompt;
  // The byte order mark and blank lines before the text go, and white space after it, but not the indentation
  // of its first line (code, a diff).
  const text = (await readStdin(io.stdin, io.signal)).replace(/^\ufeff/, '').replace(/^\s*\n/, '').trimEnd();
  return text === '' ? args.prompt : `${args.prompt}\n\n${text}`;
}
