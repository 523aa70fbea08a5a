import { createMockGroqServer } from './create-mock-groq-server.js';
import { CLI_USAGE, parseCliArguments } from './parse-cli-arguments.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`groq-stream-mock: ${(error as Error).message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    const error = await writeStdout(CLI_USAGE);
    // A reader that has gone (`groq-stream-mock --help | true`) did not want the rest: not a failure.
    if (error !== undefined && error.code !== 'EPIPE') {
      process.stderr.write(`groq-stream-mock: cannot write to stdout: ${error.message}\n`);
      process.exitCode = 1;
    }
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
      () => process.exit(0),
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
 * Writes `text` to stdout and resolves with the error that failed it, if any. Into a pipe whose reader has
 * gone the write fails with EPIPE, which without a listener was an uncaught exception: a stack trace, exit 1.
 */
function writeStdout(text: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    process.stdout.once('error', resolve);
    process.stdout.write(text, (error) => {
      if (!error) resolve(undefined);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`groq-stream-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
