import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Groq } from '../index.js';
import { CliUsageError } from './cli-usage-error.js';
import { CLI_USAGE, defaultModel, defaultTimeoutSeconds, parseCliArguments } from './parse-cli-arguments.js';

const defaults = {
  command: 'chat',
  prompt: undefined,
  readStdin: true,
  stdinAt: undefined,
  model: defaultModel,
  system: undefined,
  maxTokens: undefined,
  maxRetries: undefined,
  timeoutMs: 60_000,
  json: false,
  raw: false,
};

describe('parseCliArguments', () => {
  test('defaults: the default model, no prompt (read stdin), text output', () => {
    expect(parseCliArguments([])).toEqual(defaults);
    expect(defaultModel).toBe('llama-3.3-70b-versatile');
  });

  test('the usage names every environment variable the command reads, as the README lists them', () => {
    const environment = CLI_USAGE.slice(CLI_USAGE.indexOf('Environment:'), CLI_USAGE.indexOf('On a terminal'));
    const named = ['GROQ_API_KEY', 'GROQ_BASE_URL', 'GROQ_LOG', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NO_COLOR', 'TERM', 'LC_ALL', 'LC_CTYPE', 'LANG'];
    for (const name of named) expect(environment).toMatch(new RegExp(`\\b${name}\\b`));
    // The variables the command's own code reads (`io.env.NAME`), so that one read later is not left out.
    const sources = readdirSync(new URL('.', import.meta.url)).filter((file) => file.endsWith('.ts') && !file.includes('.test'));
    const read = sources.flatMap((file) => [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/\bio\.env\.([A-Z_]+)/g)].map((match) => match[1]!));
    expect(read.length).toBeGreaterThan(0);
    expect(named).toEqual(expect.arrayContaining(read));
  });
  test('the usage is plain text: no control or format character but the line feed, its escapes written out', () => {
    // A `\u001b` meant to be shown, written in the template without its backslash doubled, is an ESC that works
    // the terminal of whoever runs --help (and --help is written as it is, unescaped).
    const unplain = [...CLI_USAGE.matchAll(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu)]
      .filter(([character]) => character !== '\n')
      .map((match) => `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} after ${JSON.stringify(CLI_USAGE.slice(Math.max(0, match.index - 20), match.index))}`);
    expect(unplain).toEqual([]);
    expect(CLI_USAGE).toContain('(\\u001b for ESC, \\r for a CR not ending a line)');
  });

  // The README's tables are what a reader relies on: a flag added to the parser (or a default changed) without
  // them would go unnoticed by every other test.
  describe("the README's section on the command", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The `groq-stream` command'));
    /** The rows of the section's tables, each as its cells (a flag's: flag, type, default, meaning), without separators. */
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|[-|\s]+\|$/.test(line))
      .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
    const flagRows = rows.filter(([first]) => first?.startsWith('`-'));
    const flagsOf = (text: string): string[] => [...text.matchAll(/(?<![\w-])--?[a-z][\w-]*/g)].map((match) => match[0]);
    const defaultOf = (flag: string): string | undefined => flagRows.find(([first]) => flagsOf(first!).includes(flag))?.[2];

    test('lists every flag of --help, and no other', () => {
      const options = CLI_USAGE.slice(CLI_USAGE.indexOf('Options:'), CLI_USAGE.indexOf('Environment:'));
      const usageFlags = options.split('\n').flatMap((line) => flagsOf(/^\s+-/.test(line) ? line.trim().split(/\s{2,}/)[0]! : ''));
      expect(usageFlags.length).toBeGreaterThan(0);
      expect(flagRows.flatMap(([first]) => flagsOf(first!)).sort()).toEqual(usageFlags.sort());
    });

    test('gives the defaults the command applies', () => {
      expect(defaultOf('--model')).toBe(`\`${defaultModel}\``);
      expect(defaultOf('--timeout')).toBe(`\`${defaultTimeoutSeconds}\``);
      // Without --max-retries the client's own default applies.
      expect(defaultOf('--max-retries')).toBe(`\`${new Groq({ apiKey: 'gsk_readme' }).maxRetries}\``);
    });

    test('lists the environment variables --help names', () => {
      const environment = CLI_USAGE.slice(CLI_USAGE.indexOf('Environment:'), CLI_USAGE.indexOf('On a terminal'));
      // The names that start a line of the section (`  HTTPS_PROXY, HTTP_PROXY, NO_PROXY`), not words of a meaning.
      const usageVariables = [...environment.matchAll(/^ {2}([A-Z_]+(?:, [A-Z_]+)*)/gm)].flatMap((match) => match[1]!.split(', '));
      const readmeVariables = rows.filter(([first]) => /^`[A-Z_]+`/.test(first!)).flatMap(([first]) => [...first!.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]));
      expect(new Set(readmeVariables)).toEqual(new Set(usageVariables));
    });
  });

  test('maps every flag, long and short', () => {
    expect(
      parseCliArguments(['--model', 'llama-3.1-8b-instant', '--system=Be brief.', '--max-tokens', '64', '--max-retries', '0', '--timeout', '2.5', '--json', '--no-stdin', '--raw', 'Hi']),
    ).toEqual({ ...defaults, prompt: 'Hi', readStdin: false, model: 'llama-3.1-8b-instant', system: 'Be brief.', maxTokens: 64, maxRetries: 0, timeoutMs: 2500, json: true, raw: true });
    expect(parseCliArguments(['-m', 'qwen/qwen3-32b', '-s', 'Be brief.', 'Hi'])).toMatchObject({ model: 'qwen/qwen3-32b', system: 'Be brief.' });
  });

  test('joins the words of the prompt; flags may come after them; -- ends the flags', () => {
    expect(parseCliArguments(['Explain', 'quantum', 'computing', '--json'])).toMatchObject({ prompt: 'Explain quantum computing', json: true });
    expect(parseCliArguments(['--', '--json', 'is a flag'])).toMatchObject({ prompt: '--json is a flag', json: false });
  });

  test('- alone is the prompt read from stdin (after -- too); first or last of several, stdin goes there; between words it is one of them', () => {
    expect(parseCliArguments(['-'])).toEqual({ ...defaults, stdinAt: 'prompt' });
    expect(parseCliArguments(['--json', '--', '-'])).toEqual({ ...defaults, stdinAt: 'prompt', json: true });
    // `git diff | groq-stream "Review this" -`: the - is stdin's text, not a word of the prompt.
    expect(parseCliArguments(['Review this', '-'])).toMatchObject({ prompt: 'Review this', stdinAt: 'end' });
    expect(parseCliArguments(['Review', 'this', '-', '--json'])).toMatchObject({ prompt: 'Review this', stdinAt: 'end', json: true });
    expect(parseCliArguments(['-', 'Summarize the above'])).toMatchObject({ prompt: 'Summarize the above', stdinAt: 'start' });
    expect(parseCliArguments(['What', 'is', '5', '-', '3?'])).toMatchObject({ prompt: 'What is 5 - 3?', stdinAt: undefined });
    expect(parseCliArguments(['What is 5 - 3?'])).toMatchObject({ prompt: 'What is 5 - 3?', stdinAt: undefined });
  });

  test('a negative number after -- stays a word of the prompt', () => {
    expect(parseCliArguments(['--json', '--', '--timeout', '-1'])).toMatchObject({ prompt: '--timeout -1', json: true, timeoutMs: 60_000 });
  });

  test('an empty --system is no system message', () => {
    expect(parseCliArguments(['--system', '', 'Hi'])).toEqual({ ...defaults, prompt: 'Hi' });
  });

  test('--help and --version win over everything else', () => {
    expect(parseCliArguments(['Hi', '--json', '-h'])).toEqual({ command: 'help' });
    expect(parseCliArguments(['--help', '--max-tokens', 'many'])).toEqual({ command: 'help' });
    expect(parseCliArguments(['-v'])).toEqual({ command: 'version' });
    expect(parseCliArguments(['--version'])).toEqual({ command: 'version' });
  });

  test.each([
    // Node's own message for it ends in an unbalanced quote (`as in '-- "--temperature"`): ours, whole.
    [['--temperature', '1'], /^Unknown option --temperature\. A prompt that starts with "-" goes after --, as in: groq-stream -- "--temperature …"$/],
    [['-z'], /^Unknown option -z\. /],
    [['--model'], /Option '-m, --model <value>' argument missing/],
    [['--model', ' '], /--model needs a model id/],
    [['--json=yes'], /--json' does not take an argument/],
    [['--max-tokens', '0'], /--max-tokens must be an integer of at least 1, got "0"/],
    [['--max-tokens', '1.5'], /--max-tokens must be an integer of at least 1, got "1.5"/],
    [['--max-tokens', ''], /--max-tokens must be an integer/],
    [['--max-retries=-1'], /--max-retries must be an integer of at least 0, got "-1"/],
    [['--max-retries', '1e20'], /--max-retries must be an integer of at least 0, got "1e20"/],
    [['--max-retries', '100000000000000000000'], /^--max-retries must be an integer from 0 to 9007199254740991, got "100000000000000000000"\.$/],
    [['--max-tokens', '0x10'], /--max-tokens must be an integer of at least 1, got "0x10"/],
    [['--max-tokens', '1e3'], /--max-tokens must be an integer of at least 1, got "1e3"/],
    // One message for the option's range, whatever side of it the value falls.
    [['--timeout', '0b1'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "0b1"/],
    [['--timeout', '0'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "0"/],
    [['--timeout', 'soon'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "soon"/],
    [['--timeout', '3000000'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "3000000"/],
    [['--timeout', '0.0001'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "0.0001"/],
    // A negative number as its own argument gets the range check's message, not parseArgs' "ambiguous".
    [['--timeout', '-1'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "-1"/],
    [['--timeout', '-.5', 'Hi'], /--timeout must be a number from 0\.001 to 2147483\.647 seconds, got "-.5"/],
    [['--max-tokens', '-5'], /--max-tokens must be an integer of at least 1, got "-5"/],
    [['--max-retries', '-1', 'Hi'], /--max-retries must be an integer of at least 0, got "-1"/],
    [[' ', ''], /The prompt is empty/],
    [['--no-stdin', '-'], /^- reads the prompt from stdin, which --no-stdin leaves unread: give one of the two\.$/],
    [['--no-stdin', 'Review this', '-'], /^- reads text to send with the prompt from stdin, which --no-stdin leaves unread: give one of the two\.$/],
    [['-', 'Compare', '-'], /^- stands for stdin, which can be read once: give one -, first or last, as in: git diff \| groq-stream "Review this" -$/],
    [['-', '-'], /^- stands for stdin, which can be read once/],
    [['-', ' '], /The prompt is empty/],
  ])('rejects %j as a usage error', (argv, message) => {
    let thrown: unknown;
    try {
      parseCliArguments(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect((thrown as Error).message).toMatch(message);
  });
});
