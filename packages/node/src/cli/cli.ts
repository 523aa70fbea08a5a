import { exitCodes } from './exit-codes.js';
import { runCli } from './run-cli.js';

// The shebang comes from tsup's banner (see tsup.config.ts).

const controller = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C aborts the request cleanly; a second one does not wait for that.
  if (controller.signal.aborted) process.exit(exitCodes.interrupted);
  controller.abort();
});

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  signal: controller.signal,
});
// Once what was written has gone out, exit: a socket the runtime leaves open (an aborted proxy tunnel)
// must not keep a finished command waiting.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);
