// The upstream of the benchmark, in its own process: @groq-stream/mock-server, paced, with one addition
// for measuring: every write of a response whose request carries `x-bench-id` is timed (machine-wide
// monotonic clock, process.hrtime), one time per SSE frame in the written text. Nothing is added to the
// wire. Started by run.mjs with IPC:
//
//   node mock.mjs <tokens> <tokens per second>
//
// Answers { type: 'stamps' } with { id: [time of frame 0, frame 1, ...] } and forgets them.
import http from 'node:http';
import { createMockGroqServer } from '@groq-stream/mock-server';

const [tokens, tokensPerSecond] = process.argv.slice(2).map(Number);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Frame times by bench id. */
const stamps = new Map();

function stamp(response, chunk) {
  const id = response.req?.headers['x-bench-id'];
  if (typeof id !== 'string' || chunk == null) return;
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const at = now();
  let times = stamps.get(id);
  if (times === undefined) stamps.set(id, (times = []));
  for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n', end + 2)) times.push(at);
}

// Patched before the mock creates its server, so that all its responses are timed.
const { write, end } = http.ServerResponse.prototype;
http.ServerResponse.prototype.write = function timedWrite(chunk, ...rest) {
  const result = write.call(this, chunk, ...rest);
  stamp(this, chunk);
  return result;
};
http.ServerResponse.prototype.end = function timedEnd(chunk, ...rest) {
  const result = end.call(this, chunk, ...rest);
  if (typeof chunk !== 'function') stamp(this, chunk);
  return result;
};

const server = await createMockGroqServer({ tokens, tokensPerSecond, maxRecordedRequests: 0 });
process.send({ type: 'ready', url: server.url });
process.on('message', (message) => {
  if (message.type === 'stamps') {
    process.send({ type: 'stamps', stamps: Object.fromEntries(stamps) });
    stamps.clear();
  }
});
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
