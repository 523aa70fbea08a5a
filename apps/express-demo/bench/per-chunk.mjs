// What the relay costs per relayed chunk: the bytes the relay process allocates on V8's heap and the CPU time
// it spends, per chunk. The wall-clock latency of `run.mjs` moves with other work on the machine; these move
// far less (on a busy machine still by about a tenth between repetitions, with how Node's own stream machinery
// happens to batch: compare two builds in alternation, several runs each, and their medians), so a change to
// the per-chunk path can be judged on a shared machine. Build first (`pnpm build` at the root), then:
//
//   node bench/per-chunk.mjs [--reps=5] [--streams=100] [--short=20] [--long=200] [--rate=40] [--server=demo] [--cpu-prof=DIR] [--heap-sample=FILE]
//
// `--server=floor` or `--server=parse-floor` measures a floor in the demo's place, on the same transport (see
// copy-upstream.mjs): a server that copies the upstream's bytes, or one that also splits the events and parses
// their JSON. Run them in alternation with the demo: the demo's figure less a floor's is what the relay's own
// work costs per chunk.
//
// One fresh relay process (the demo's `createApp` on `createAppServer`, Groq's default node:http transport,
// the start script's Node flags, `--expose-gc`), the mock in a process of its own and the clients in
// this one, all on 127.0.0.1. After a warm-up, each repetition runs `streams` streams at once, paced by the
// mock at `rate` tokens/s (so that a read brings one chunk, as in production), once with answers of `short`
// tokens and once of `long`. For each pass the relay reports its CPU time (`process.cpuUsage()`) and the bytes
// it allocated (V8's `GCProfiler`: what each collection freed, plus the growth of the heap). Per chunk:
// - `all`: the long pass's cost over its chunks, stream set-up included (as run.mjs reports CPU per chunk);
// - `marginal`: (long - short) / (chunks of long - chunks of short), what one more chunk of a stream costs.
// Medians over the repetitions are printed last. `--cpu-prof` writes a CPU profile of the relay; `--heap-sample`
// a sampling profile of what it allocated in each pass (the figures are then not comparable).
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { parseNumber } from '../../../scripts/number-flags.mjs';
import { startFlags } from './start-flags.mjs';

const role = process.argv[2];

if (role === 'mock') {
  const { createMockGroqServer } = await import('@groq-stream/mock-server');
  const server = await createMockGroqServer({ tokensPerSecond: Number(process.argv[3]), maxRecordedRequests: 0 });
  process.send({ type: 'ready', url: server.url });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else if (role === 'relay') {
  const { createNodeHttpFetch, Groq } = await import('@groq-stream/node');
  const { createApp, createAppServer, defaultModel } = await import('../dist/server.js');
  const { createServer } = await import('node:http');
  const { createCopyUpstream } = await import('./copy-upstream.mjs');
  const upstreamFetch = createNodeHttpFetch();
  // A key of a real key's shape, which the client remembers: the relay then checks each chunk for an echo of it.
  const client = new Groq({
    apiKey: `gsk_${'benchKey0'.repeat(6).slice(0, 52)}`,
    baseURL: process.argv[3],
    maxRetries: 0,
    // The answer's length, from the browser's request (`prepare` put it in `user`), goes to the mock as a header.
    fetch: (input, init) => {
      const headers = new Headers(init.headers);
      headers.set('x-mock-tokens', JSON.parse(init.body).user);
      return upstreamFetch(input, { ...init, headers });
    },
  });
  const app = createApp({ client, model: defaultModel, prepare: (params, incoming) => ({ ...params, user: String(incoming.headers['x-tokens']) }) });
  // `--server`: the demo, or a floor on the same transport in its place (see copy-upstream.mjs).
  const kind = process.argv[4];
  const server =
    kind === 'demo'
      ? createAppServer(app)
      : createServer(
          createCopyUpstream({ fetch: upstreamFetch, url: process.argv[3], headersOf: (request) => ({ 'x-mock-tokens': String(request.headers['x-tokens']) }), kind: kind === 'floor' ? 'bytes' : 'events' }),
        );
  // `--heap-sample=FILE`: a sampling profile of every allocation of the passes (those collected since too),
  // by the stack that made it, for DevTools' Memory tab or a script; FILE gets the pass number appended.
  const sampleFile = process.env.PER_CHUNK_HEAP_SAMPLE;
  const session = sampleFile ? new (await import('node:inspector')).Session() : undefined;
  session?.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let passes = 0;
  let profiler;
  let before;
  process.on('message', async (message) => {
    if (message.type === 'begin') {
      if (session) await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      globalThis.gc();
      profiler = new v8.GCProfiler();
      profiler.start();
      before = { cpu: process.cpuUsage(), heap: v8.getHeapStatistics().used_heap_size };
      process.send({ type: 'begun' });
    } else if (message.type === 'end') {
      const cpu = process.cpuUsage(before.cpu);
      const heap = v8.getHeapStatistics().used_heap_size;
      const { statistics } = profiler.stop();
      if (session) {
        const { profile } = await post('HeapProfiler.stopSampling');
        (await import('node:fs')).writeFileSync(`${sampleFile}.${++passes}.heapprofile`, JSON.stringify(profile));
      }
      // What each collection freed was allocated since `begin` (or before it and freed now: a little, from
      // the last full GC on), plus what is still on the heap.
      let freed = 0;
      for (const gc of statistics) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      process.send({ type: 'ended', cpuMicros: cpu.user + cpu.system, allocated: heap - before.heap + freed, collections: statistics.length });
    }
  });
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` }));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  // Streams still open are not waited for.
  process.once('SIGINT', () => process.exit(0));
} else {
  const options = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
  // Read as the other bench flags are: decimal notation only, a range message for anything else.
  const count = { integer: true, min: 1 };
  let reps, streams, short, long, rate;
  const servers = ['demo', 'floor', 'parse-floor'];
  const serverKind = options.server ?? 'demo';
  if (!servers.includes(serverKind)) {
    console.error(`per-chunk: --server is ${servers.join(', ')}, not ${serverKind}`);
    process.exit(2);
  }
  try {
    reps = parseNumber(options.reps ?? '5', '--reps', count);
    streams = parseNumber(options.streams ?? '100', '--streams', count);
    short = parseNumber(options.short ?? '20', '--short', count);
    long = parseNumber(options.long ?? '200', '--long', { integer: true, min: short + 1 });
    rate = parseNumber(options.rate ?? '40', '--rate', { integer: false, min: 0.01 });
  } catch (error) {
    console.error(`per-chunk: ${error.message}`);
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);

  const start = (args, execArgv) =>
    new Promise((resolve, reject) => {
      const child = fork(self, args, { execArgv });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
      child.once('message', (message) => resolve({ child, url: message.url }));
    });
  const ask = (child, type, answer) =>
    new Promise((resolve) => {
      const listen = (message) => {
        if (message.type !== answer) return;
        child.off('message', listen);
        resolve(message);
      };
      child.on('message', listen);
      child.send({ type });
    });

  /** Reads one relayed stream to its end; resolves with the number of chunks (`data: {` frames) it held. */
  const readStream = (url, tokens, index) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ messages: [{ role: 'user', content: `Per-chunk benchmark ${index}` }] });
      const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tokens': String(tokens) } }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`stream ${index}: status ${response.statusCode}`));
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (piece) => (text += piece));
        response.on('end', () => resolve(text.split('data: {').length - 1));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  // Opened 2 ms apart, so that the mock's paced writes of different streams do not all fall in one turn.
  const runStreams = async (url, count, tokens) => {
    const chunks = await Promise.all(Array.from({ length: count }, (_, index) => new Promise((resolve) => setTimeout(resolve, 2 * index)).then(() => readStream(url, tokens, index))));
    return chunks.reduce((sum, count) => sum + count, 0);
  };

  const mock = await start(['mock', String(rate)], []);
  const profile = [...(options['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${options['cpu-prof']}`] : [])];
  if (options['heap-sample']) process.env.PER_CHUNK_HEAP_SAMPLE = options['heap-sample'];
  const relay = await start(['relay', mock.url, serverKind], ['--expose-gc', ...startFlags(new URL('../package.json', import.meta.url)), ...profile]);
  const url = `${relay.url}/api/chat`;
  const pass = async (tokens) => {
    await ask(relay.child, 'begin', 'begun');
    const chunks = await runStreams(url, streams, tokens);
    const { cpuMicros, allocated, collections } = await ask(relay.child, 'end', 'ended');
    return { chunks, cpuMicros, allocated, collections };
  };

  await runStreams(url, 50, short);
  const rows = [];
  for (let rep = 1; rep <= reps; rep++) {
    const a = await pass(short);
    const b = await pass(long);
    const row = {
      rep,
      chunks: b.chunks,
      collections: b.collections,
      allBytes: b.allocated / b.chunks,
      allMicros: b.cpuMicros / b.chunks,
      marginalBytes: (b.allocated - a.allocated) / (b.chunks - a.chunks),
      marginalMicros: (b.cpuMicros - a.cpuMicros) / (b.chunks - a.chunks),
    };
    rows.push(row);
    console.log(
      `rep ${rep}: ${b.chunks} chunks, ${b.collections} GCs; per chunk, all: ${row.allBytes.toFixed(0)} B, ${row.allMicros.toFixed(1)} µs; marginal: ${row.marginalBytes.toFixed(0)} B, ${row.marginalMicros.toFixed(1)} µs`,
    );
  }
  const median = (key) => {
    const values = rows.map((row) => row[key]).sort((x, y) => x - y);
    const middle = values.length >> 1;
    return values.length % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  };
  console.log(
    `${serverKind}, median of ${reps}: per chunk, all: ${median('allBytes').toFixed(0)} B, ${median('allMicros').toFixed(1)} µs; marginal: ${median('marginalBytes').toFixed(0)} B, ${median('marginalMicros').toFixed(1)} µs`,
  );
  for (const { child } of [relay, mock]) {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}
