// The relay under test, in its own process: the built demo app (`createApp` on `createAppServer`, from dist/server.js) with a
// Groq client pointed at the mock. Started by run.mjs with IPC:
//
//   node relay.mjs <mock URL> [demo | floor] [upstream tokens]
//
// - `demo` (default): the app. A browser request's `x-bench-id` goes upstream (via `prepare` as the
//   request's `user`, then as an `x-bench-id` header), so the mock can time the frames of that stream.
// - `floor`: not a relay but a reference: a node:http server that fetches the mock's stream and copies its
//   bytes unparsed (passing `x-bench-id` on), the least any relay on the same transport costs.
// - `upstream tokens` asks the mock for longer answers (x-mock-tokens), to hold streams open; the relay's
//   `maxCompletionTokens` is raised to match, since its default (1024) would cut them: the mock, as Groq,
//   ends an answer at `max_completion_tokens` (1024 tokens are 51 s at 20 tokens/s).
// - BENCH_UPSTREAM chooses the upstream transport of both modes: `node-http` (`createNodeHttpFetch`, the
//   default of `Groq` and of this benchmark) or `fetch` (Node's global fetch, undici).
//
// Answers { type: 'memory' } (after full GCs; see there) and { type: 'loop', reset? } (event-loop delay,
// and since the last reset the GC pauses and the event loop's stalls, each with its time, so that run.mjs
// can lay them beside the pauses of the CPU probes).
import { createServer } from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { createNodeHttpFetch, Groq } from '@groq-stream/node';
import { createApp, createAppServer, defaultModel } from '../dist/server.js';
import { createCopyUpstream } from './copy-upstream.mjs';
import { recordLateness } from './lateness.mjs';

const [mockURL, mode = 'demo', upstreamTokens] = process.argv.slice(2);
const mockHeaders = upstreamTokens ? { 'x-mock-tokens': upstreamTokens } : {};

// The transport upstream: `Groq`'s default (node:http) unless BENCH_UPSTREAM says otherwise.
const transport = process.env.BENCH_UPSTREAM || 'node-http';
if (transport !== 'fetch' && transport !== 'node-http') throw new Error(`BENCH_UPSTREAM is fetch or node-http, not ${transport}`);
const upstreamFetch = transport === 'node-http' ? createNodeHttpFetch() : (input, init) => fetch(input, init);

// A key of a real key's shape and length (gsk_ and 52 characters): the client remembers it, and the relay then
// checks every chunk for an echo of it, as in production. A key under 8 characters (this bench's until
// 2026-12-03) is not remembered, and the relay skipped that check.
const benchKey = `gsk_${'benchKey0'.repeat(6).slice(0, 52)}`;

const client = new Groq({
  apiKey: benchKey,
  baseURL: mockURL,
  maxRetries: 0,
  defaultHeaders: mockHeaders,
  fetch: (input, init) => {
    const id = JSON.parse(init.body).user;
    if (id === undefined) return upstreamFetch(input, init);
    const headers = new Headers(init.headers);
    headers.set('x-bench-id', id);
    return upstreamFetch(input, { ...init, headers });
  },
});

const app = createApp({
  client,
  model: defaultModel,
  maxCompletionTokens: upstreamTokens ? Number(upstreamTokens) : undefined,
  prepare: (params, request) => {
    const id = request.headers['x-bench-id'];
    return typeof id === 'string' ? { ...params, user: id } : params;
  },
});

/** The floor: fetch the upstream stream and copy its bytes to the browser, nothing else. */
const copyUpstream = createCopyUpstream({
  fetch: upstreamFetch,
  url: mockURL,
  headersOf: (request) => ({ ...mockHeaders, ...(request.headers['x-bench-id'] ? { 'x-bench-id': request.headers['x-bench-id'] } : {}) }),
});

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// The stalls of 5 ms or more, with their times (the histogram above has none), by a timer like the
// probes' (monitorEventLoopDelay's own timer already fires every 1 ms, so this one adds little).
const stalls = recordLateness(2, 5);

// GC pauses of the main thread (V8's own timing of each collection's pause; concurrent marking and
// sweeping on helper threads are not in it), so that a run can tell an event-loop stall made by a
// collection from one made elsewhere. `major`: the full (mark-compact) collections among them; `pauses`:
// [end, length] of each, in ms on process.hrtime's clock, as the stalls.
const noPauses = () => ({ count: 0, total: 0, max: 0, major: 0, majorMax: 0, pauses: [] });
let gcPauses = noPauses();
const hrtimeOfPerformanceNow = Number(process.hrtime.bigint()) / 1e6 - performance.now();
const countPauses = (entries) => {
  for (const entry of entries) {
    gcPauses.pauses.push([hrtimeOfPerformanceNow + entry.startTime + entry.duration, entry.duration]);
    gcPauses.count += 1;
    gcPauses.total += entry.duration;
    gcPauses.max = Math.max(gcPauses.max, entry.duration);
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gcPauses.major += 1;
      gcPauses.majorMax = Math.max(gcPauses.majorMax, entry.duration);
    }
  }
};
const gcObserver = new PerformanceObserver((list) => countPauses(list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });

// The demo's own server (`createAppServer`, as `pnpm start` serves it); the floor on a plain node:http one.
const server = mode === 'floor' ? createServer(copyUpstream) : createAppServer(app);
server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
});

const settleMs = 250;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The heap straight after two full GCs (the first can leave garbage that finalizers release for the
 * second); the RSS after a further wait, GC and wait, since what a collection frees leaves the RSS only a
 * little later (read straight after the collections, the RSS a further stream costs was 45 to 89 KiB in
 * fresh processes of one build; after the waits, 40 to 58 KiB: BENCHMARKS.md, Method). The heap is not
 * read after the waits: meanwhile the open streams fill the young generation again.
 */
async function measure() {
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]));
  await sleep(settleMs);
  globalThis.gc?.();
  await sleep(settleMs);
  const { rss } = process.memoryUsage();
  // The streams the figures are for, which run.mjs compares with the streams it holds.
  const connections = await new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  return { rss, heapTotal, heapUsed, external, arrayBuffers, spaces, connections };
}

process.on('message', (message) => {
  if (message.type === 'memory') {
    measure().then((memory) => process.send({ type: 'memory', memory }));
  } else if (message.type === 'loop') {
    // The observer is told of collections a little later: count those it has not been told of yet.
    countPauses(gcObserver.takeRecords());
    const gc = gcPauses;
    if (message.reset) {
      loop.reset();
      gcPauses = noPauses();
    }
    const loopStalls = stalls.take({ reset: message.reset });
    process.send({ type: 'loop', loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }, gc, stalls: loopStalls });
  }
});

// Exit normally on SIGTERM, so that `--cpu-prof` (in BENCH_RELAY_NODE_OPTIONS) can write its profile.
process.once('SIGTERM', () => process.exit(0));
