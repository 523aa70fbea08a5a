import { parseArgs } from 'node:util';
import { attachNegativeNumbers } from './attach-negative-numbers.js';
import { parseApiKeys, parseHost, parseNonNegative, parsePort, parseTokenCount, type MockGroqServerOptions } from './mock-groq-server-options.js';
import { mockScenarios, parseScenario } from './scenarios.js';

/** The `--help` text of `groq-stream-mock`. */
export const CLI_USAGE = `Usage: groq-stream-mock [options]

A mock of Groq's chat-completions API (and of its beta Responses API). Prints "listening on <url>"
first, stops on SIGINT or SIGTERM.

Options:
  --port <n>               port to listen on, 0 to 65535; 0 picks a free one (default 0)
  --host <host>            host to listen on (default 127.0.0.1)
  --tokens-per-second <n>  pace of content tokens; 0 is as fast as possible (default 0)
  --ttft-ms <n>            wait before the first token, in ms (default 0)
  --tokens <n>             number of content tokens per answer, at most 10000000
                           (default: natural length)
  --scenario <name>        scenario of requests without x-mock-scenario (default none):
                           ${mockScenarios.join(', ')}
  --fail-times <n>         the scenario applies to the first n requests only
  --known-models-only      answer 404 model_not_found for models not in GET /openai/v1/models
  --api-key <key>          accept only this key (repeatable); any other gets 401 invalid_api_key
  -h, --help               show this text
`;

/** The options that take a number: a negative one given as its own argument reaches their range check. */
const numericFlags = ['--port', '--tokens-per-second', '--ttft-ms', '--tokens', '--fail-times'];

/** What the command line asks for. */
export interface CliArguments {
  help: boolean;
  options: MockGroqServerOptions;
}

/**
 * Parses `groq-stream-mock`'s arguments (without `node` and the script path).
 *
 * @throws an Error (from `parseArgs`) or a RangeError naming the flag, for the CLI to print with usage.
 */
export function parseCliArguments(argv: string[]): CliArguments {
  const { values } = parseArgs({
    args: attachNegativeNumbers(argv, numericFlags),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'tokens-per-second': { type: 'string' },
      'ttft-ms': { type: 'string' },
      tokens: { type: 'string' },
      scenario: { type: 'string' },
      'fail-times': { type: 'string' },
      'known-models-only': { type: 'boolean' },
      'api-key': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options: MockGroqServerOptions = {};
  // Numbers in decimal notation only, as groq-stream's own flags: `--tokens 1e3` or `--port 0x10` is refused with
  // the flag's range message rather than read as 1000 or 16.
  if (values.port !== undefined) options.port = parsePort(values.port, '--port', 'decimal');
  if (values.host !== undefined) options.host = parseHost(values.host, '--host');
  if (values['tokens-per-second'] !== undefined) options.tokensPerSecond = parseNonNegative(values['tokens-per-second'], '--tokens-per-second', false, 'decimal');
  if (values['ttft-ms'] !== undefined) options.ttftMs = parseNonNegative(values['ttft-ms'], '--ttft-ms', false, 'decimal');
  if (values.tokens !== undefined) options.tokens = parseTokenCount(values.tokens, '--tokens', 'decimal');
  if (values.scenario !== undefined) options.scenario = parseScenario(values.scenario, '--scenario');
  if (values['fail-times'] !== undefined) options.failTimes = parseNonNegative(values['fail-times'], '--fail-times', true, 'decimal');
  if (values['known-models-only'] === true) options.knownModelsOnly = true;
  if (values['api-key'] !== undefined) options.apiKeys = parseApiKeys(values['api-key'], '--api-key');
  return { help: values.help === true, options };
}
