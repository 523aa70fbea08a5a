#!/usr/bin/env node
// The mock Groq server in its own process, so that its CPU does not share the client's event loop.
// Started by run.mjs (see start-mock.mjs); not meant to be run by hand.
//
// With `--replay`, the URL is that of a replay server in front of the mock (replay-server.mjs).
//
// stdout: first line `listening on <url>`, then one `sample <json>` line ({ cpu, stats }) per `sample`
// line received on stdin. The process closes the server and exits when stdin ends (the benchmark
// finished, or died: its end of the pipe closes either way) and on SIGTERM or SIGINT.
import { createInterface } from 'node:readline';
import { createMockGroqServer } from '@groq-stream/mock-server';
import { startReplayServer } from './replay-server.mjs';

const mock = await createMockGroqServer({ host: '127.0.0.1', port: 0 });
const replay = process.argv.includes('--replay') ? await startReplayServer(mock.url) : undefined;
process.stdout.write(`listening on ${replay?.url ?? mock.url}\n`);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // close() destroys open sockets, so it cannot hang; the timer is a last resort all the same.
  setTimeout(() => process.exit(1), 5000).unref();
  Promise.all([replay?.close(), mock.close()]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line !== 'sample') return;
  const stats = replay?.stats() ?? mock.stats();
  process.stdout.write(`sample ${JSON.stringify({ cpu: process.cpuUsage(), stats })}\n`);
});
commands.on('close', stop);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
