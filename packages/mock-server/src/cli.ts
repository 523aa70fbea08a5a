import { createMockGroqServer } from './create-mock-groq-server.js';
import { CLI_USAGE, parseCliArguments } from './parse-cli-arguments.js';

async function main(): Promise<void> {
  dropOutputOfGoneReaders();
  let parsed;
  try {
    parsed = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`groq-stream-mock: ${(error as Error).message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(CLI_USAGE);
    return;
  }
  let server;
  try {
    server = await createMockGroqServer(parsed.options);
  } catch (error) {
    // A host that is no address of this machine is known only once listening fails: a bad flag all the same.
    if (!(error instanceof RangeError)) throw error;
    process.stderr.write(`groq-stream-mock: ${error.message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  // Scripts wait for this exact first line to learn the port chosen by --port 0.
  process.stdout.write(`listening on ${server.url}\n`);
  const stop = (): void => {
    server.close().then(
      // 0, unless a write to stdout failed other than into a closed pipe.
      () => process.exit(),
      (error: unknown) => {
        process.stderr.write(`groq-stream-mock: could not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Into a pipe whose reader has gone (`groq-stream-mock | true`, `groq-stream-mock --help | true`, a script that
 * stopped reading after the listening line) a write fails with EPIPE, which without a listener is an uncaught
 * exception: a stack trace and exit 1, where the server was to go on serving, or the command to exit with 0 or
 * 2. Such a reader did not want the rest: what was printed for it is dropped, and the command goes on. Any
 * other failure to write makes the exit code 1, said on stderr when stdout failed.
 */
function dropOutputOfGoneReaders(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`groq-stream-mock: cannot write to stdout: ${error.message}\n`);
    process.exitCode = 1;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = 1;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`groq-stream-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
