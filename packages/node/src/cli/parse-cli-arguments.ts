import { parseArgs } from 'node:util';
import { attachNegativeNumbers } from './attach-negative-numbers.js';
import { CliUsageError } from './cli-usage-error.js';

/** The model used when `--model` is not given. */
export const defaultModel = 'llama-3.3-70b-versatile';

/** Seconds to wait for the response to start, and then for each next chunk, when `--timeout` is not given. */
export const defaultTimeoutSeconds = 60;

/** The options that take a number: a negative one given as its own argument reaches their range check. */
const numericFlags = ['--max-tokens', '--max-retries', '--timeout'];

/** The `--help` text of `groq-stream`. */
export const CLI_USAGE = `Usage: groq-stream [options] <prompt...>
       echo "<prompt>" | groq-stream [options]
       git diff | groq-stream [options] <prompt...> [-]
       groq-stream [options] -

Streams a Groq chat completion to the terminal as it arrives. With a prompt argument and a pipe or a file on
stdin, both are sent: the prompt, a blank line, then stdin's text. Without one, the prompt is stdin, unless
it is a terminal. A - argument reads stdin whatever it is: typed on a terminal (end it with Ctrl-D), a
socket, /dev/null. Alone, stdin is the prompt; as the first or last of several arguments, stdin's text goes
there, before or after the others (a - between words is one of them: what is 5 - 3). Empty stdin, when it
is read for a -, or as the prompt, is a usage error.

Options:
  -m, --model <id>         model (default ${defaultModel})
  -s, --system <text>      system message sent before the prompt
      --max-tokens <n>     most tokens to generate (sent as max_completion_tokens)
      --max-retries <n>    retries of connection errors, 408, 409, 429, 498 and 5xx (default 2)
      --timeout <seconds>  wait for the answer to start, then for each next chunk (default ${defaultTimeoutSeconds})
      --json               print the chunks as NDJSON on stdout, one JSON chunk per line
      --raw                on a terminal too, write the model's text as it came, its escape codes
                           acted on (colours, but also any other; see below)
      --no-stdin           never read stdin, even a pipe (one left open would be waited for)
  -h, --help               show this text
  -v, --version            print the version

Environment:
  GROQ_API_KEY   your API key (create one at https://console.groq.com/keys)
  GROQ_BASE_URL  a Groq-compatible server instead of https://api.groq.com,
                 e.g. the local mock:
                 npx -p @groq-stream/mock-server groq-stream-mock --port 0
  GROQ_LOG       log level: off, error, warn (default), info or debug; lines go to stderr
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                 proxy settings, as for the client
  NO_COLOR       set and not empty: the reasoning on a terminal is not dimmed
  TERM           dumb: no spinner and no escape codes of its own on stderr (--raw lets the model's through);
                 linux (the Linux console): ASCII spinner and punctuation, emoji joiners escaped
  LC_ALL, LC_CTYPE, LANG
                 a locale not UTF-8: ASCII spinner and punctuation, emoji joiners escaped

On a terminal, a spinner shows on stderr until the first token, and a summary line at the end. Elsewhere,
an answer cut short at the token limit (--max-tokens, or the model's), or one with no text, is said in one
line on stderr (exit 0). A stream with no answer at all (only [DONE]) is an API error (exit 3).

The model's text (the answer, and its reasoning) is written to a terminal with its control characters as
escapes (\\u001b for ESC, \\r for a CR not ending a line), so that it cannot work the terminal: write the
clipboard, hide a link, clear the screen or write over lines; so are Unicode's bidirectional overrides and
isolates (\\u202e), which would show its words reordered, the line separators (the marks of Arabic and
Hebrew text stay), the characters a terminal shows as nothing (\\u200b, \\u00ad; tags and runs of
variation selectors, which spell words unseen), but the joiners, tags and selectors of the emoji and letters
it draws (a family, England's flag, Persian words), and half an emoji alone (\\ud83d). Into a pipe or a file
it goes as it came, byte for byte; --raw writes it as it came on a terminal too.

Exit codes: 0 done, 1 a bug in groq-stream, 2 usage error, 3 API error, 4 network error or timeout, 5 cannot write the answer, 130 interrupted (Ctrl-C).
`;

/** What to do when asked to chat. */
export interface ChatArguments {
  /** The prompt from the command line (the words joined by spaces); undefined means read it from stdin. */
  prompt: string | undefined;
  /** Whether stdin may be read (for the prompt, or text to send after it); false with `--no-stdin`. */
  readStdin: boolean;
  /**
   * Where a `-` argument puts stdin's text, which is then read whatever stdin is, a terminal too (typed, to Ctrl-D),
   * as `cat -` reads it: `prompt` when it was the only word (`prompt` is then undefined), `start` or `end`
   * when it was the first or the last of several (`git diff | groq-stream "Review this" -`); undefined for none.
   */
  stdinAt: 'prompt' | 'start' | 'end' | undefined;
  model: string;
  system: string | undefined;
  maxTokens: number | undefined;
  maxRetries: number | undefined;
  timeoutMs: number;
  json: boolean;
  /**
   * Write the model's text as it came on a terminal too, its escape codes (colours, but any other) acted on; by
   * default they are shown as escapes there. `--raw`.
   */
  raw: boolean;
}

/** What the command line asks for. */
export type CliArguments = { command: 'help' } | { command: 'version' } | ({ command: 'chat' } & ChatArguments);

/**
 * Parses `groq-stream`'s arguments (without `node` and the script path).
 *
 * @throws CliUsageError for an unknown flag, a missing or invalid value.
 */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachNegativeNumbers(argv, numericFlags),
      strict: true,
      allowPositionals: true,
      options: {
        model: { type: 'string', short: 'm' },
        system: { type: 'string', short: 's' },
        'max-tokens': { type: 'string' },
        'max-retries': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        raw: { type: 'boolean' },
        'no-stdin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new CliUsageError(usageMessageOf(error as Error & { code?: unknown }), { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: 'help' };
  if (values.version === true) return { command: 'version' };

  const model = values.model ?? defaultModel;
  if (model.trim() === '') throw new CliUsageError('--model needs a model id, e.g. --model llama-3.1-8b-instant.');
  const stdinAt = stdinArgumentOf(positionals);
  if (stdinAt !== undefined && values['no-stdin'] === true) {
    throw new CliUsageError(`- reads ${stdinAt === 'prompt' ? 'the prompt' : 'text to send with the prompt'} from stdin, which --no-stdin leaves unread: give one of the two.`);
  }
  const words = stdinAt === 'start' ? positionals.slice(1) : stdinAt === 'end' ? positionals.slice(0, -1) : positionals;
  const prompt = words.length === 0 || stdinAt === 'prompt' ? undefined : words.join(' ');
  if (prompt !== undefined && prompt.trim() === '') throw new CliUsageError('The prompt is empty.');
  // The client takes 1 to 2,147,483,647 ms (what a timer can wait); outside that it would throw, as a bug.
  // One range, in one message, whether the value is 0, too small to be a millisecond or too large.
  const timeout = values.timeout === undefined ? defaultTimeoutSeconds : parseNumber(values.timeout, '--timeout', { integer: false, min: 0.001, max: 2_147_483.647, unit: 'seconds' });
  const timeoutMs = Math.round(timeout * 1000);
  return {
    command: 'chat',
    prompt,
    readStdin: values['no-stdin'] !== true,
    stdinAt,
    model,
    system: values.system === undefined || values.system === '' ? undefined : values.system,
    maxTokens: values['max-tokens'] === undefined ? undefined : parseNumber(values['max-tokens'], '--max-tokens', { integer: true, min: 1 }),
    maxRetries: values['max-retries'] === undefined ? undefined : parseNumber(values['max-retries'], '--max-retries', { integer: true, min: 0 }),
    timeoutMs,
    json: values.json === true,
    raw: values.raw === true,
  };
}

/**
 * Where a `-` among the words stands for stdin, as Unix commands take it (`cat file -`): alone, or the first or
 * last of several, where a `-` typed as part of the prompt would not stand; between words (`What is 5 - 3?`,
 * unquoted) it is one of them.
 *
 * @throws CliUsageError for a `-` both first and last (`- Compare -`, `- -`): stdin is read once.
 */
function stdinArgumentOf(positionals: readonly string[]): ChatArguments['stdinAt'] {
  if (positionals.length === 1 && positionals[0] === '-') return 'prompt';
  const first = positionals.length > 1 && positionals[0] === '-';
  const last = positionals.length > 1 && positionals.at(-1) === '-';
  if (first && last) {
    throw new CliUsageError('- stands for stdin, which can be read once: give one -, first or last, as in: git diff | groq-stream "Review this" -');
  }
  return first ? 'start' : last ? 'end' : undefined;
}

interface NumberRule {
  integer: boolean;
  min: number;
  /** The largest value allowed; none when omitted. */
  max?: number;
  /** What the number counts, for the message (`seconds`). */
  unit?: string;
}

function parseNumber(text: string, flag: string, rule: NumberRule): number {
  // Decimal notation only: `Number()` would also take `0x10`, `1e3` or `0b1`, which no one means for a count.
  const value = /^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  const outOfRange = value < rule.min || (rule.max !== undefined && value > rule.max);
  if (!Number.isFinite(value) || outOfRange || (rule.integer && !Number.isSafeInteger(value))) {
    const kind = rule.integer ? 'an integer' : 'a number';
    // A whole number past what a double holds exactly is one too: its bound is what is wrong with it.
    const tooLarge = rule.integer && rule.max === undefined && Number.isInteger(value) && value > rule.min;
    const bound = rule.max === undefined ? (tooLarge ? `from ${rule.min} to ${Number.MAX_SAFE_INTEGER}` : `of at least ${rule.min}`) : `from ${rule.min} to ${rule.max}`;
    throw new CliUsageError(`${flag} must be ${kind} ${bound}${rule.unit === undefined ? '' : ` ${rule.unit}`}, got ${JSON.stringify(text)}.`);
  }
  return value;
}

/**
 * parseArgs' message, but for an unknown option: Node's advice for it ends in an unbalanced quote
 * (`as in '-- "--bogus"`), so it is said here, with the whole command to type.
 */
function usageMessageOf(error: Error & { code?: unknown }): string {
  const option = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(error.message)?.[1] : undefined;
  if (option === undefined) return error.message;
  return `Unknown option ${option}. A prompt that starts with "-" goes after --, as in: groq-stream -- "${option} …"`;
}
