import { describe, expect, test } from 'vitest';
import { CliUsageError } from './cli-usage-error.js';
import { CLI_USAGE, defaultModel, parseCliArguments } from './parse-cli-arguments.js';

const defaults = {
  command: 'chat',
  prompt: undefined,
  model: defaultModel,
  system: undefined,
  maxTokens: undefined,
  maxRetries: undefined,
  timeoutMs: 60_000,
  json: false,
};

describe('parseCliArguments', () => {
  test('defaults: the default model, no prompt (read stdin), text output', () => {
    expect(parseCliArguments([])).toEqual(defaults);
    expect(defaultModel).toBe('llama-3.3-70b-versatile');
  });

  test('the usage names every environment variable the command reads, as the README lists them', () => {
    for (const name of ['GROQ_API_KEY', 'GROQ_BASE_URL', 'GROQ_LOG', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']) expect(CLI_USAGE).toContain(name);
  });

  test('maps every flag, long and short', () => {
    expect(
      parseCliArguments(['--model', 'llama-3.1-8b-instant', '--system=Be brief.', '--max-tokens', '64', '--max-retries', '0', '--timeout', '2.5', '--json', 'Hi']),
    ).toEqual({ ...defaults, prompt: 'Hi', model: 'llama-3.1-8b-instant', system: 'Be brief.', maxTokens: 64, maxRetries: 0, timeoutMs: 2500, json: true });
    expect(parseCliArguments(['-m', 'qwen/qwen3-32b', '-s', 'Be brief.', 'Hi'])).toMatchObject({ model: 'qwen/qwen3-32b', system: 'Be brief.' });
  });

  test('joins the words of the prompt; flags may come after them; -- ends the flags', () => {
    expect(parseCliArguments(['Explain', 'quantum', 'computing', '--json'])).toMatchObject({ prompt: 'Explain quantum computing', json: true });
    expect(parseCliArguments(['--', '--json', 'is a flag'])).toMatchObject({ prompt: '--json is a flag', json: false });
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
    [['--temperature', '1'], /Unknown option '--temperature'/],
    [['--model'], /Option '-m, --model <value>' argument missing/],
    [['--model', ' '], /--model needs a model id/],
    [['--json=yes'], /--json' does not take an argument/],
    [['--max-tokens', '0'], /--max-tokens must be an integer of at least 1, got "0"/],
    [['--max-tokens', '1.5'], /--max-tokens must be an integer of at least 1, got "1.5"/],
    [['--max-tokens', ''], /--max-tokens must be an integer/],
    [['--max-retries=-1'], /--max-retries must be an integer of at least 0, got "-1"/],
    [['--max-retries', '1e20'], /--max-retries must be an integer of at least 0, got "1e20"/],
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
