import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { version } from '../../package.json';
import { escapeControls } from '../index.js';
import { punctuationForTerminal } from './ascii-punctuation.js';
import { CliOutput } from './cli-output.js';
import { CliUsageError } from './cli-usage-error.js';
import { exitCodes } from './exit-codes.js';
import { MISSING_KEY_MESSAGE } from './missing-key-message.js';
import { CLI_USAGE, parseCliArguments } from './parse-cli-arguments.js';
import { readPrompt } from './read-prompt.js';
import { streamAnswer } from './stream-answer.js';

/** Everything `groq-stream` touches of its process, injected so that tests can run it in-process. */
export interface CliIO {
  /** The arguments, without `node` and the script path. */
  argv: readonly string[];
  /**
   * The bytes of each of `argv`, where they can be had (see `rawArguments`): an argument that is not UTF-8 is a
   * usage error then, as stdin that is not, rather than a prompt with U+FFFD for its letters.
   */
  rawArgv?: readonly Buffer[] | undefined;
  /**
   * Read for GROQ_API_KEY, GROQ_BASE_URL and GROQ_LOG, for HTTPS_PROXY, HTTP_PROXY and NO_PROXY (and their lower-case
   * names), and for NO_COLOR, TERM, LC_ALL, LC_CTYPE and LANG (how to draw on a terminal).
   */
  env: Readonly<Record<string, string | undefined>>;
  /** The prompt, or text to send after it (see `readPrompt`); its `fd` says what it is (a pipe, a file, ...). */
  stdin: Readable & { isTTY?: boolean; fd?: unknown };
  /**
   * The answer's way out. Its `isTTY` (as `process.stdout` has it) says whether it is a terminal, where the model's
   * text is written with its control characters as escapes (unless `--raw`); a pipe or a file gets it as it came.
   */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Whether stderr is a terminal: then a spinner and a summary line are drawn on it. */
  isTTY: boolean;
  /** Aborted on Ctrl-C: stops reading stdin, or aborts the request and its stream. */
  signal: AbortSignal;
}

/** Runs `groq-stream` and resolves to its exit code (see `exitCodes`); never rejects. */
export async function runCli(io: CliIO): Promise<number> {
  // A reader of stderr that went away (`2> >(true)`) must not turn into an uncaught EPIPE that hides the exit code.
  io.stderr.on('error', ignore);
  try {
    return await run(io);
  } catch (error) {
    // Its `…` as `...` where the terminal would not draw it, as the spinner's.
    const shown = punctuationForTerminal(io.env);
    if (error instanceof CliUsageError) {
      // The command's words, which may quote an argument; Node's parseArgs breaks some of its own over lines.
      io.stderr.write(`groq-stream: ${escapeControls(shown(error.message), { keepLineFeeds: true })}\nRun groq-stream --help for usage.\n`);
      return exitCodes.usage;
    }
    if (io.signal.aborted) return exitCodes.interrupted;
    io.stderr.write(`groq-stream: unexpected error: ${escapeControls(shown(error instanceof Error ? error.message : String(error)))}\n`);
    return exitCodes.unexpected;
  }
}

async function run(io: CliIO): Promise<number> {
  const args = parseCliArguments(io.argv);
  if (args.command === 'help' || args.command === 'version') {
    // Into a pipe whose reader has gone (`groq-stream --help | true`), the write fails with EPIPE: without a
    // listener that was an uncaught error, a stack trace and exit 1.
    const output = new CliOutput(io.stdout, ignore);
    await output.writeAll(args.command === 'help' ? CLI_USAGE : `${version}\n`);
    if (output.error === undefined || output.closedByReader) return exitCodes.success;
    io.stderr.write(`groq-stream: cannot write to stdout: ${escapeControls(output.error.message)}\n`);
    return exitCodes.output;
  }

  const notUtf8 = io.rawArgv?.findIndex((bytes) => !isUtf8(bytes)) ?? -1;
  if (notUtf8 !== -1) {
    throw new CliUsageError(
      `The argument ${JSON.stringify(io.argv[notUtf8])} is not UTF-8 text: is the terminal set to another encoding? Set it to UTF-8, or give a prompt on stdin, converted, e.g. iconv -f LATIN1 -t UTF-8 prompt.txt | groq-stream.`,
    );
  }

  const apiKey = io.env.GROQ_API_KEY?.trim();
  if (apiKey === undefined || apiKey === '') {
    io.stderr.write(MISSING_KEY_MESSAGE);
    return exitCodes.usage;
  }
  const baseURL = io.env.GROQ_BASE_URL?.trim() || undefined;
  // Not echoed: a URL may carry credentials.
  if (baseURL !== undefined && !isHttpURL(baseURL)) throw new CliUsageError('GROQ_BASE_URL is not an http(s) URL, e.g. http://127.0.0.1:8080.');
  if (baseURL !== undefined && hasCredentials(baseURL)) {
    throw new CliUsageError('GROQ_BASE_URL must not carry a user name or password; a proxy that needs them is not supported by groq-stream.');
  }

  const prompt = await readPrompt(args, io);
  return streamAnswer(io, { ...args, prompt, apiKey, baseURL });
}

function hasCredentials(text: string): boolean {
  const { username, password } = new URL(text);
  return username !== '' || password !== '';
}

function isHttpURL(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function ignore(): void {}
