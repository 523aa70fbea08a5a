import { exitCodes } from './exit-codes.js';
import { rawArguments } from './raw-arguments.js';
import { runCli } from './run-cli.js';

// The shebang comes from tsup's banner (see tsup.config.ts).

const controller = new AbortController();
const onInterrupt = (): void => {
  // The first Ctrl-C aborts the request cleanly; a second one does not wait for that.
  if (controller.signal.aborted) exitInterrupted();
  controller.abort();
};
process.on('SIGINT', onInterrupt);

const code = await runCli({
  argv: process.argv.slice(2),
  rawArgv: rawArguments(process.argv.length - 2),
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
if (code === exitCodes.interrupted && controller.signal.aborted) exitInterrupted();
process.exit(code);

/**
 * Ends the process by SIGINT, as a command without a handler for it ends: a shell shows that as 130 too, and
 * stops the loop or script that ran the command. An exit with 130 reads to a shell as a command that handled
 * Ctrl-C itself (as an editor does), and `for f in *.txt; do groq-stream < "$f"; done` went on with the next.
 */
function exitInterrupted(): never {
  // Without a listener, SIGINT has its default action again: the end of the process.
  process.off('SIGINT', onInterrupt);
  // Windows has no signals: there kill() would end the process as if by SIGKILL, whose code says nothing.
  if (process.platform !== 'win32') process.kill(process.pid, 'SIGINT');
  // Only reached when the signal did not end the process (on Windows, or when it is ignored).
  process.exit(exitCodes.interrupted);
}
