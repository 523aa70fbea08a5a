// `pnpm --filter @groq-stream/node demo:cli`: streams an answer through the `groq-stream` CLI, so you see tokens arrive.
//
// Without GROQ_API_KEY it starts the mock Groq server on a free port, paced like a real model, and points
// the CLI at it with a dummy key: no account needed. With GROQ_API_KEY set it asks the real API instead.
// Arguments are passed to the CLI (`node scripts/demo.mjs --json "Hi"`). Exits with the CLI's exit code, or
// ends by the signal that ended the CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createMockGroqServer } from '@groq-stream/mock-server';

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cliPath)) {
  process.stderr.write(`${cliPath} is missing: run \`pnpm build\` first.\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
const cliArgs = args.length > 0 ? args : ['Explain quantum computing'];

// Under `turbo run demo` our output goes through turbo, which prefixes each line and holds it back until
// the line ends: the answer would appear all at once. When there is a terminal, write to it directly.
const terminal = process.stdout.isTTY || process.env.TURBO_HASH === undefined ? undefined : openTerminal();
const say = (text) => (terminal === undefined ? process.stderr.write(text) : writeSync(terminal, text));

const env = { ...process.env };
let mock;
if (env.GROQ_API_KEY) {
  say(`GROQ_API_KEY is set: asking ${env.GROQ_BASE_URL || 'the Groq API'}.\n`);
} else {
  mock = await createMockGroqServer({ tokensPerSecond: 30, ttftMs: 300 });
  env.GROQ_BASE_URL = mock.url;
  env.GROQ_API_KEY = 'demo-key-for-the-mock-server';
  say(
    `No GROQ_API_KEY: answering from the mock Groq server at ${mock.url} (30 tokens/s).\n` +
      'Set GROQ_API_KEY (https://console.groq.com/keys) to ask Groq instead.\n',
  );
}
say(`\n$ groq-stream ${cliArgs.map(quote).join(' ')}\n`);

const output = terminal ?? 'inherit';
const child = spawn(process.execPath, [cliPath, ...cliArgs], { env, stdio: ['inherit', output, output] });
// Ctrl-C: the CLI aborts its stream and ends by SIGINT (130). It gets the signal from the terminal, or from us when
// something in between (turbo) caught it; a second SIGINT only makes it exit sooner.
const passOnInterrupt = () => child.kill('SIGINT');
process.on('SIGINT', passOnInterrupt);
const [code, signal] = await once(child, 'exit');
await mock?.close();
if (terminal !== undefined) closeSync(terminal);
if (signal !== null) {
  // Ended by the CLI's signal, as the CLI ends: an exit with 130 reads to a shell as a program that handled
  // Ctrl-C itself, and a loop that runs the demo would go on. Without our listener, SIGINT ends us again.
  process.off('SIGINT', passOnInterrupt);
  // Windows has no signals: there kill() would end the process as if by SIGKILL, whose code says nothing.
  if (process.platform !== 'win32') process.kill(process.pid, signal);
}
process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);

function openTerminal() {
  try {
    return openSync('/dev/tty', 'w');
  } catch {
    return undefined; // no terminal (CI): turbo's line-by-line output it is
  }
}

function quote(arg) {
  return /^[\w./=:@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
