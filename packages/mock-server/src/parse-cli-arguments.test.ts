import { describe, expect, it } from 'vitest';
import { CLI_USAGE, parseCliArguments } from './parse-cli-arguments.js';
import { mockScenarios } from './scenarios.js';
import { codeNames, readmeTableRows } from './test/readme-tables.js';

describe('parseCliArguments', () => {
  it('maps every flag to an option', () => {
    expect(
      parseCliArguments([
        '--port', '8080', '--host', '127.0.0.1', '--tokens-per-second', '12.5', '--ttft-ms=250', '--tokens', '40',
        '--scenario', 'tool-calls', '--fail-times', '2', '--known-models-only', '--api-key', 'k1', '--api-key=k2',
      ]),
    ).toEqual({
      help: false,
      options: { port: 8080, host: '127.0.0.1', tokensPerSecond: 12.5, ttftMs: 250, tokens: 40, scenario: 'tool-calls', failTimes: 2, knownModelsOnly: true, apiKeys: ['k1', 'k2'] },
    });
    expect(parseCliArguments([])).toEqual({ help: false, options: {} });
    // What groq-stream's own flags take: decimal digits, with a point and fraction where the option takes one.
    expect(parseCliArguments(['--port', '0', '--tokens', '007', '--fail-times=0', '--tokens-per-second', '.5', '--ttft-ms', '10.']).options).toEqual({
      port: 0,
      tokens: 7,
      failTimes: 0,
      tokensPerSecond: 0.5,
      ttftMs: 10,
    });
    expect(parseCliArguments(['-h']).help).toBe(true);
  });

  it('accepts every scenario, the 502 and 503 ones included, and lists them all in the usage', () => {
    expect(mockScenarios).toEqual(expect.arrayContaining(['bad-gateway', 'service-unavailable']));
    for (const scenario of mockScenarios) expect(parseCliArguments(['--scenario', scenario]).options.scenario).toBe(scenario);
    expect(CLI_USAGE).toContain(mockScenarios.join(', '));
  });

  // The README's table is what a reader relies on: a flag added to the parser (or a default changed in the usage)
  // without it would go unnoticed by every other test.
  describe("the README's table of flags", () => {
    const rows = readmeTableRows('From the command line').filter((row) => row.flag !== undefined);
    const flagsOf = (text: string): string[] => [...text.matchAll(/(?<![\w-])--?[a-z][\w-]*/g)].map((match) => match[0]);
    const usage = CLI_USAGE.slice(CLI_USAGE.indexOf('Options:'));
    /** Each flag of the usage with the text of its line and the lines that go on from it. */
    const usageLines = new Map(
      usage.split(/\n(?=\s+-)/).flatMap((entry) => flagsOf(entry.trim().split(/\s{2,}/)[0]!).map((flag) => [flag, entry] as const)),
    );

    it('lists every flag of --help, and no other', () => {
      expect(usageLines.size).toBeGreaterThan(0);
      expect(rows.flatMap((row) => flagsOf(row.flag!)).sort()).toEqual([...usageLines.keys()].sort());
    });

    it('names the option each flag sets', () => {
      for (const row of rows.filter((row) => row['option of `createMockGroqServer`'] !== '' && row.flag !== '')) {
        const [flag] = flagsOf(row.flag!);
        const [option] = codeNames(row['option of `createMockGroqServer`']!);
        // A value the flag takes, by its type in the table: a switch takes none.
        const type = row.type!;
        const value = type.includes('boolean') ? [] : type.includes('MockScenario') ? ['none'] : type.includes('string') ? ['localhost'] : ['1'];
        expect(Object.keys(parseCliArguments([flag!, ...value]).options), `${flag} sets ${option}`).toEqual([option]);
      }
    });

    it('gives the defaults --help gives', () => {
      for (const row of rows) {
        const [flag] = flagsOf(row.flag!);
        const stated = flag === undefined ? undefined : /\(default:? ([^)]+)\)/.exec(usageLines.get(flag) ?? '')?.[1];
        if (stated !== undefined) expect(row.default, flag).toMatch(new RegExp(`^\`?${stated.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?$`));
      }
    });
  });

  it.each([
    // One message for an option's range, whatever side of it the value falls.
    [['--port', 'abc'], /--port must be an integer from 0 to 65535, got "abc"/],
    [['--port', '65536'], /--port must be an integer from 0 to 65535, got "65536"/],
    // A negative number as its own argument gets the range check's message, not parseArgs' "ambiguous".
    [['--port', '-1'], /--port must be an integer from 0 to 65535, got "-1"/],
    [['--tokens-per-second', '-1'], /--tokens-per-second must be a number of at least 0, got "-1"/],
    [['--tokens-per-second', '-.5'], /--tokens-per-second must be a number of at least 0, got "-.5"/],
    [['--ttft-ms', '-250', '--known-models-only'], /--ttft-ms must be a number of at least 0, got "-250"/],
    [['--tokens', '-3'], /--tokens must be an integer from 0 to 10000000, got "-3"/],
    [['--fail-times', '-2'], /--fail-times must be an integer of at least 0, got "-2"/],
    [['--api-key', ''], /--api-key must be a non-empty list of keys without spaces/],
    [['--api-key', 'k1', '--api-key', 'two words'], /--api-key must be a non-empty list of keys without spaces/],
    [['--tokens', '1.5'], /--tokens must be an integer from 0 to 10000000, got "1.5"/],
    [['--tokens', '100000000'], /--tokens must be an integer from 0 to 10000000, got "100000000"/],
    [['--ttft-ms', ''], /--ttft-ms must be a number of at least 0/],
    // Decimal notation only, as groq-stream's own flags: Number() would read these as 16, 1000, 1 or 0.
    [['--port', '0x10'], /--port must be an integer from 0 to 65535, got "0x10"/],
    [['--port', '1e3'], /--port must be an integer from 0 to 65535, got "1e3"/],
    [['--port', ''], /--port must be an integer from 0 to 65535, got ""/],
    [['--port', '1.5'], /--port must be an integer from 0 to 65535, got "1.5"/],
    [['--tokens', '0x10'], /--tokens must be an integer from 0 to 10000000, got "0x10"/],
    [['--tokens', '1e3'], /--tokens must be an integer from 0 to 10000000, got "1e3"/],
    [['--tokens', ''], /--tokens must be an integer from 0 to 10000000, got ""/],
    [['--fail-times', '0x10'], /--fail-times must be an integer of at least 0, got "0x10"/],
    [['--fail-times', '1e3'], /--fail-times must be an integer of at least 0, got "1e3"/],
    [['--fail-times', ''], /--fail-times must be an integer of at least 0, got ""/],
    [['--fail-times', '1.5'], /--fail-times must be an integer of at least 0, got "1.5"/],
    [['--fail-times', '0b1'], /--fail-times must be an integer of at least 0, got "0b1"/],
    [['--fail-times', '9007199254740993'], /--fail-times must be an integer of at least 0, got "9007199254740993"/],
    [['--tokens-per-second', '1e3'], /--tokens-per-second must be a number of at least 0, got "1e3"/],
    [['--tokens-per-second', 'Infinity'], /--tokens-per-second must be a number of at least 0, got "Infinity"/],
    [['--ttft-ms', '0x10'], /--ttft-ms must be a number of at least 0, got "0x10"/],
    [['--scenario', 'boom'], /--scenario must be one of none, rate-limit/],
    [['--host', ''], /--host must be an IP address \(::1 without brackets\) or a host name such as 127\.0\.0\.1 or localhost, got ""/],
    [['--host', 'http://127.0.0.1'], /--host must be an IP address .*, got "http:\/\/127\.0\.0\.1"/],
    [['--host=[::1]'], /--host must be an IP address .*, got "\[::1\]"/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['extra'], /Unexpected argument 'extra'/],
    // Only a numeric option's value is attached: a negative number elsewhere is still no argument of ours.
    [['-1'], /Unknown option '-1'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
