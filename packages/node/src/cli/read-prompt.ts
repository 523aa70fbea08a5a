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
 * A `-` argument reads stdin whatever it is, a terminal (typed, to Ctrl-D), a socket or `/dev/null` too: as the
 * prompt, or (first or last of several arguments) as text to send before or after the other words; empty, it is
 * a usage error, as the text asked for did not come.
 *
 * @throws CliUsageError when there is no prompt, or stdin is a directory, not UTF-8, open for writing only or over
 *   16 MiB (see readStdin).
 */
export async function readPrompt(
  args: Pick<ChatArguments, 'prompt' | 'readStdin' | 'stdinAt'>,
  io: Pick<CliIO, 'stdin' | 'stderr' | 'isTTY' | 'signal'>,
): Promise<string> {
  if (!args.readStdin) {
    if (args.prompt === undefined) throw new CliUsageError('No prompt: give it as an argument; --no-stdin leaves stdin unread.');
    return args.prompt;
  }
  const kind = stdinKind(io.stdin);
  if (kind === 'directory') throw new CliUsageError('stdin is a directory, not text. Redirect a file instead, as in: groq-stream < prompt.txt');
  if (args.prompt === undefined) {
    if (kind === 'terminal' && args.stdinAt === 'prompt') {
      // Otherwise the command seems to hang: a terminal's end of input is a key to press, not the end of a file.
      if (io.isTTY) io.stderr.write('groq-stream: reading the prompt from the terminal: end it with Ctrl-D on a line of its own (Ctrl-Z, Enter on Windows).\n');
    } else if (kind === 'terminal') {
      throw new CliUsageError('No prompt: give it as an argument (groq-stream "Explain quantum computing"), on stdin (echo "..." | groq-stream), or typed after groq-stream - (ending with Ctrl-D).');
    }
    const prompt = textOf(await readStdin(io.stdin, io.signal, { terminal: kind === 'terminal' }));
    if (prompt === '') throw new CliUsageError(emptyStdin);
    return prompt;
  }
  const dash = args.stdinAt !== undefined;
  if (!dash && kind !== 'pipe' && kind !== 'file') return args.prompt;
  if (dash && kind === 'terminal' && io.isTTY) {
    io.stderr.write('groq-stream: reading text to send with the prompt from the terminal: end it with Ctrl-D on a line of its own (Ctrl-Z, Enter on Windows).\n');
  }
  const text = textOf(await readStdin(io.stdin, io.signal, { terminal: kind === 'terminal' }));
  if (text === '') {
    // A pipe the shell gave without a `-` (`true | groq-stream Hi`) leaves the prompt as it is, said on stderr:
    // `git diff | groq-stream "Review this"` with nothing to diff would otherwise ask for a review of nothing.
    if (!dash) {
      io.stderr.write('groq-stream: stdin was empty: sending the prompt alone.\n');
      return args.prompt;
    }
    throw new CliUsageError('stdin was empty, where - asked for text to send with the prompt. Pipe or redirect the text in (git diff | groq-stream "Review this" -), or leave out the -.');
  }
  return args.stdinAt === 'start' ? `${text}\n\n${args.prompt}` : `${args.prompt}\n\n${text}`;
}

// Empty stdin as the prompt: /dev/null, a closed stdin, `true |`, an empty file, or only blank lines.
const emptyStdin = 'No prompt: stdin was empty. Give the prompt as an argument (groq-stream "Explain quantum computing") or send it on stdin (echo "Explain quantum computing" | groq-stream).';

/**
 * stdin's text without the byte order mark, the blank lines before it and the white space after it (a last CRLF),
 * but with the indentation of its first line: it is code's (`sed -n 10,20p app.py | groq-stream`), or a diff's.
 */
function textOf(stdin: string): string {
  return stdin.replace(/^\ufeff/, '').replace(/^\s*\n/, '').trimEnd();
}
