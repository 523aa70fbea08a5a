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

main().catch((error: unknown) => {
  process.stderr.write(`groq-stream-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
