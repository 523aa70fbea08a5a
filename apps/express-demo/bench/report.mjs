// BENCHMARKS.md, from the results of run.mjs.
import { conditionsTable } from './conditions.mjs';
import { describeAddedLatency } from './describe-added-latency.mjs';
import { kib, mib, ms, percent } from './format.mjs';

const newSpace = (memory) => memory.spaces?.new_space?.size ?? Number.NaN;

/** The Node flags the relay and the floor ran with, and where they came from. */
const nodeFlags = (p) => {
  const all = [...(p.startFlags ?? []), ...(p.extraFlags ?? [])].map((flag) => `\`${flag}\``);
  const from = [p.startFlags?.length ? 'the start script' : '', p.extraFlags?.length ? 'BENCH_RELAY_NODE_OPTIONS' : ''].filter(Boolean).join(' and ');
  return all.length === 0 ? 'none' : `${all.join(' ')} (from ${from})`;
};

/** The added p99 of each run of a repeated level (run.mjs shows the median one), in the order they ran. */
const runsOf = (row) => (row.runs?.length > 1 ? `; p99 of ${row.runs.length} runs, in order: ${row.runs.map((run) => ms(run.added.p99)).join(', ')} (median shown)` : '');

/** A memory figure of several processes (run.mjs shows their median), each process's in the order they ran. */
const processesOf = (merged, of) => (merged.processes?.length > 1 ? `, the median of ${merged.processes.length} processes: ${merged.processes.map((m) => kib(of(m))).join(', ')}` : '');

export function report(targets, { date, parameters: p, machine: host, rows, floorRow, memory: m, floor, withHistory: h, verdicts }) {
  const main = rows.find((row) => row.streams === p.streams);
  const table = rows
    .map(
      (row) =>
        `| ${row.streams} | ${row.peak} | ${ms(row.direct.p50)} / ${ms(row.direct.p99)} | ${ms(row.relayed.p50)} / ${ms(row.relayed.p99)} | ` +
        `**${ms(row.added.p50)} / ${ms(row.added.p99)}**${runsOf(row)} | ${percent(row.cpu.relay)}, ${row.cpuMicrosecondsPerChunk.toFixed(0)} µs per chunk | ${ms(row.loop.p99)} / ${ms(row.loop.max)} |`,
    )
    .join('\n');
  const f = floorRow;
  // The relay's upstream transport: node:http (\`createNodeHttpFetch\`, \`Groq\`'s default) or Node's fetch (undici).
  const transport = p.upstream === 'fetch' ? "Node's fetch" : 'node:http';
  const transportCode = p.upstream === 'fetch' ? "Node's \`fetch\` (undici)" : '\`createNodeHttpFetch\` (node:http)';
  const floorLine = `| ${f.streams}, the floor (${transport} + byte copy, no relay) | ${f.peak} | ${ms(f.direct.p50)} / ${ms(f.direct.p99)} | ${ms(f.relayed.p50)} / ${ms(f.relayed.p99)} | ${ms(f.added.p50)} / ${ms(f.added.p99)}${runsOf(f)} | ${percent(f.cpu.relay)}, ${f.cpuMicrosecondsPerChunk.toFixed(0)} µs per chunk | ${ms(f.loop.p99)} / ${ms(f.loop.max)} |`;
  return `# Express relay benchmark

Written by \`pnpm bench\` in \`apps/express-demo\` (\`node --expose-gc bench/run.mjs\`; the root \`pnpm bench\` runs it
through turbo after a build). Run it again to refresh this file; the raw figures go to \`.bench-out/latest.json\`,
from which the root \`pnpm bench\` then draws the chart of the root README (\`docs/benchmarks.svg\`).

- date: ${date}
- machine: ${host.cpu}, ${host.memory}, ${host.os}, Node ${host.node}${host.files ? `, open files limit ${host.files.soft}` : ''};
  CPU used by other work: ${percent(host.busyBefore)} just before the run, ${percent(main.cpu.others)} of a core during the ${p.streams}-stream relay run${main.cpu.others > 0.15 ? ' (**other work was running: the latency figures suffer from it**)' : ''}
- load: ${p.levels.join(', ')} concurrent streams, each ${p.tokens} tokens paced by the mock at ${p.tokensPerSecond} tokens/s
  (${p.tokens + 3} frames over ${(p.tokens / p.tokensPerSecond).toFixed(1)} s), started one after another evenly over ${(p.rampMs / 1000).toFixed(1)} s${p.rampMs === (p.tokens * 1000) / p.tokensPerSecond ? ' (the length of one answer: the arrival rate that keeps that many streams open)' : ''},
  through \`createApp\` of this demo on 127.0.0.1, each run in a fresh relay process after a warm-up of ${p.warmup} streams${p.repeats > 1 ? `; the ${p.streams}-stream level ${p.repeats} times` : ''}
- CPUs: ${p.relayCpus === undefined ? 'shared by the mock, the relay and the clients' : `the relay on CPU ${p.relayCpus}, the mock and the clients on CPU 0`}${p.probes ? `; a probe on each (a timer every ${p.probes.intervalMs} ms${p.probes.urgent ? ', at nice -20' : ''}), which counts the pauses of its CPU over ${p.probes.thresholdMs} ms` : ''}${host.stealSinceBoot === 0 ? `
- steal time counted by this machine's kernel since boot: none, so the hypervisor seems not to report it here, and a run's steal of 0% proves nothing` : ''}
- Node flags of the relay and the floor: ${nodeFlags(p)}

## Results

| target | measured | result |
|---|---|---|
| added latency per chunk at ${p.streams} streams, p99 < ${targets.p99AddedLatencyMs} ms | ${describeAddedLatency(main, f, transport)} | ${verdicts.latency} |
| memory per open stream < ${kib(targets.bytesPerStream)}, RSS, each stream from ${p.streams} to ${2 * p.streams} open | ${kib(m.marginal.rss)}${processesOf(m, (one) => one.marginal.rss)} | ${verdicts.rss} |
| memory per open stream < ${kib(targets.bytesPerStream)}, RSS, the first ${p.streams} streams of an idle process | ${kib(m.rss)}${processesOf(m, (one) => one.rss)} | ${verdicts.rssFromIdle} |
| memory per open stream < ${kib(targets.bytesPerStream)}, V8 heap + external | ${kib(m.heap)}${processesOf(m, (one) => one.heap)} | ${verdicts.heap} |

Latency per chunk, from the moment the mock wrote it to the moment the client had it, p50 / p99:

| streams | peak open | read directly | through the relay | added by the relay | relay CPU (share of one core; per chunk, set-up included) | relay event-loop delay p99 / max |
|---|---|---|---|---|---|---|
${table}
${floorLine}
${conditionsTable(rows, floorRow)}
Memory per open stream, streams held open mid-answer, after a full GC${m.processes?.length > 1 ? `; each figure the median of ${m.processes.length} fresh processes` : ''}:

| process | RSS, from ${p.streams} to ${2 * p.streams} open | RSS, from idle to ${p.streams} open | V8 heap + external, from idle to ${p.streams} | V8 heap reserved, from idle to ${p.streams} |
|---|---|---|---|---|
| the demo relay (Express, \`createChatStreamMiddleware\`, \`Groq\` on ${transport}) | ${kib(m.marginal.rss)} | ${kib(m.rss)} | ${kib(m.heap)} | ${kib(m.heapTotal)} |
| the floor: node:http server + ${transport} upstream + byte copy, no parsing | ${kib(floor.marginal.rss)} | ${kib(floor.rss)} | ${kib(floor.heap)} | ${kib(floor.heapTotal)} |
| the demo relay, each browser request carrying a ${kib(h.conversationBytes)} conversation | ${kib(h.marginal.rss)} | ${kib(h.rss)} | ${kib(h.heap)} | ${kib(h.heapTotal)} |
${
  m.processes?.length > 1
    ? `
RSS from ${p.streams} to ${2 * p.streams} open, each process in the order they ran: the relay ${m.processes.map((one) => kib(one.marginal.rss)).join(', ')}; the floor
${floor.processes.map((one) => kib(one.marginal.rss)).join(', ')}; the relay with a conversation ${h.processes.map((one) => kib(one.marginal.rss)).join(', ')}.
`
    : ''
}${refusedNote(m, floor, h)}
The relay idle${m.processes?.length > 1 ? ` (the process with the median RSS from ${p.streams} to ${2 * p.streams} open)` : ''}: RSS ${mib(m.idle.rss)}, heap ${mib(m.idle.heapUsed)}, V8's young generation ${mib(newSpace(m.idle))}; with ${p.streams} streams
open: RSS ${mib(m.open.rss)}, heap ${mib(m.open.heapUsed)}, young generation ${mib(newSpace(m.open))}; with ${2 * p.streams}: RSS ${mib(m.doubled.rss)}, heap ${mib(m.doubled.heapUsed)},
young generation ${mib(newSpace(m.doubled))}.

## Method

Three processes, so that none runs on another's event loop: the mock (\`bench/mock.mjs\`:
\`@groq-stream/mock-server\`, pacing every stream with its own timers), the relay (\`bench/relay.mjs\`: this demo's
\`createApp\` with a \`Groq\` client pointed at the mock, whose key has a real key's shape and length, so that the relay checks every chunk for an echo of it as in production, on ${transportCode} upstream) and the clients (\`bench/run.mjs\`, node:http clients,
lighter than \`fetch\`, so that the client's own event loop stays out of the figures). Times come from
\`process.hrtime\`, which is the machine-wide monotonic clock on Linux, so times taken in two processes can be
subtracted.

- **CPUs.** With two CPUs or more, the relay (all its threads) runs on CPUs 1 to n and the mock and the
  clients on CPU 0 (\`taskset\`): in production, Groq and the browsers do not run on the relay's CPU, and on a
  shared CPU their work, and the scheduler's slices between three busy processes, count as the relay's
  latency. Until 2026-11-30 the three processes shared both CPUs (\`BENCH_PIN=0\` still runs it that way); the
  floor's added p99 at 500 streams was 11.8 ms then, and is 4 to 6 ms with the relay on a CPU of its own.

- **Latency per chunk.** The mock process times each of its socket writes (it wraps
  \`ServerResponse.prototype.write\`), one time per SSE frame written, for requests that carry an
  \`x-bench-id\` header. The client times the arrival of each frame. Frame *k* written by the mock is frame
  *k* read by the client: the relay writes one \`data:\` frame per chunk and then \`[DONE]\`, like the mock, and
  sends no heartbeat but its first, a comment before any frame that the client leaves out, in a ${(p.tokens / p.tokensPerSecond).toFixed(0)} s
  stream. The relay passes the bench id on (\`prepare\` sets it as the
  request's \`user\`; the client's \`fetch\` sends it as a header). Nothing is added to the wire.
- **Compared with reading the mock directly.** Every level runs twice with the same clients: straight
  from the mock, then through the relay. *Added* is relayed minus direct, at p50 and at p99. It counts
  everything the relay adds: the upstream hop, time in the relay's socket buffers while its event loop is
  busy, SSE parsing, JSON, re-encoding, the write, and the second loopback hop.
- **Node flags.** The relay runs with the flags of this app's \`start\` script, as \`pnpm start\` serves it,
  and the floor with the same ones. Since 2026-12-06 the script sets V8's young generation to a fixed
  8 MiB per semi-space (\`--min-semi-space-size=8 --max-semi-space-size=8\`). Four alternating rounds of the
  500-stream level that day, each round a fresh relay and floor per size (\`BENCH_RELAY_NODE_OPTIONS\`, one run
  each): with 8 MiB, added p99 3.32, 4.14, 3.27, 4.38 ms (the longest scavenge 8.7, 8.4, 9.0, 9.7 ms; the floor
  4.68, 1.76, 3.05, 4.35 ms); with 16 MiB, 5.08, 12.00, 5.64, 8.13 ms (13.7, 15.2, 17.9, 15.9 ms; the floor
  8.37, 7.31, 7.38, 3.02 ms); with 4 MiB, 35.23, 2.54, 11.14, 2.06 ms, the relay's CPU per chunk a third higher
  than with 8 MiB (84 to 114 µs against 70 to 84). Each scavenge copies the state of the streams opened since the
  one before, so half the young generation halves what each copies; the collections took a fifth more time in
  all (287 to 320 ms a run against 235 to 281), in shorter pauses. From 2026-12-01 to then the script set
  16 MiB per semi-space (\`--min-semi-space-size=16 --max-semi-space-size=16\`; by default it starts at
  1 MiB and grows). While 500 streams opened, the small young generation promoted each stream's set-up
  objects: scavenges took 9 to 18 ms, two full collections 11 and 16 ms, just as the last streams arrived,
  and the chunks of those seconds made the p99. Runs of the 500-stream level that day (each a fresh relay
  and floor): with V8's defaults, added p99 20.0, 51.2, 8.3 and 44.4 ms (the floor 2.0 to 6.7 ms); with the
  semi-space flags, nineteen runs from 3.0 to 29.1 ms (three under a CPU profiler), median 7.2 ms. Adding
  \`--initial-old-space-size=64\` removed the full collections, but in an interleaved comparison (five runs
  each, alternating) the added p99 was 4.5 to 8.9 ms (median 7.5) with it and 4.0 to 11.8 ms (median 5.7)
  without, so the script leaves it out. (The memory figures with a 16 KiB conversation per request swung
  from 9 to 125 KiB per further open stream between runs, with the flag and without it alike: too noisy to
  judge it by.) The
  relay's CPU per chunk decides the rest: runs at 74 to 90 µs per chunk ended at 2 to 12 ms, those at 100 µs
  and more at 10 to 51 ms (the same code; this virtual machine's speed drifts by a fifth from run to run,
  and the relay, at a higher share of its core than the floor, feels it more). The cost of the flags: the
  young generation, once used, stays at 32 MiB (16 MiB with 8 MiB semi-spaces).
- **Fresh processes, the same history.** Each relayed run, and each floor run, gets a process of its own,
  started, warmed up with ${p.warmup} streams (over ${((p.warmupRampMs ?? p.rampMs) / 1000).toFixed(1)} s) and measured straight after. Until 2026-12-01 one relay
  served every level, idle for the length of each direct run in between (long enough for V8's memory
  reducer to run full collections and shrink the heap, which then regrew under the next level's load) and
  carrying the earlier levels' garbage, while the floor was a fresh process: the two were not measured
  alike.
- **Repeated runs.** A p99 of one run on a shared virtual machine is decided by a few pauses (a garbage
  collection, a stall of the machine: the floor's p99 has ranged from 0.3 to 144 ms between runs), so the
  ${p.streams}-stream level runs ${p.repeats ?? 1} time${(p.repeats ?? 1) > 1 ? 's' : ''}, interleaved (direct, relay, floor, then again). The tables show the run with the
  median added p99, and the target is judged on it; every run's p99 is listed beside it.
- **Memory per stream.** A fresh relay process (with \`--expose-gc\`), warmed up with ${p.warmup} streams, is
  measured idle after a full GC; then ${p.streams} streams are opened (${p.heldOpeningAtOnce === undefined ? '1 ms apart' : `at least 1 ms apart, at most ${p.heldOpeningAtOnce} waiting for their first chunk at once`}, answers of ${p.heldTokens ?? p.tokens * 100} tokens${p.heldTokens === undefined ? '' : `, ${(p.heldTokens / p.tokensPerSecond).toFixed(0)} s`}) and
  held mid-answer (${p.heldTokens === undefined ? 'the clients stop reading after the first bytes' : 'the clients read what comes and drop it'}; each asks a one-line question, and in
  the last row also sends ${kib(h.conversationBytes)} of earlier turns, as a chat does with every question after the first), and it is measured again after a full
  GC; then ${p.streams} more, and measured again. Two figures come out of it. *From ${p.streams} to ${2 * p.streams} open*: what each
  further open stream costs a process at its working size; this is the figure for sizing a machine
  (memory = the process at work + streams × this) and the one the target is judged on. *From idle to ${p.streams}
  open*: the same divided over the first ${p.streams} streams, which also carries what the process grows once,
  whatever the number of streams, when load first arrives; most of it is V8's young generation, which
  doubles under allocation pressure (the young-generation sizes above) and does not shrink back. Until
  2026-11-30 this benchmark reported only the second figure. The floor is measured the same way, as the
  share that comes with the upstream transport and two sockets whatever the relay does. Kernel socket
  buffers are in no figure. Each reading takes the heap straight after two full GCs, and the RSS after a
  further quarter of a second, full GC and quarter of a second: what a collection frees leaves the RSS
  only a little later. Until 2026-12-01 the RSS too was read straight after the two GCs. In fresh processes
  of the same build, alternating, the RSS from 500 to 1000 open was 45 to 89 KiB per stream that way
  (eleven processes, median 60.7 KiB, standard deviation 11.9 KiB) and 40 to 58 KiB with the RSS read
  after a GC and a quarter of a second, twice (ten, median 49.8 KiB, standard deviation 6.6 KiB); left out
  are three processes, one read the first way, that took over 55 s and in which held streams had ended (a
  heap grown by 5.5 or 22.8 KiB per stream instead of 32). On a busy machine, where the step took a
  minute or more per process, held streams ended before the last reading: runs on 2026-12-01 found 588 to
  714 of 1000 streams open in six processes (the four timed took 63 to 73 s from the first reading to the
  last; processes of 25 to 57 s kept every stream). The cause, found on 2026-12-02: the relay's default
  \`maxCompletionTokens\` (1024) cut the held answers to 51 s at 20 tokens/s, and 5 s after an answer was
  sent Node's \`keepAliveTimeout\` closed the idle connection. Since then the relay process lifts that limit
  for the step, and the held clients read what comes rather than stop (a client that stops reading is
  closed by the relay's stall timeout once the socket buffers are full). The step warns when a reading
  finds fewer connections open than streams held. The heap is read before
  the waits, since the open streams fill the young generation meanwhile: the heap from 500 to 1000 open,
  32.2 to 33.2 KiB per stream with two GCs in a row, was 29.7 to 36.0 KiB with a wait between them.
- **Several processes.** The RSS a further stream costs differs from one fresh process to the next while
  the V8 heap does not: on 2026-12-01 single processes of the same build gave 41.0, 47.5, 84.1, 88.3 and
  94.7 KiB from 500 to 1000 open, the heap + external 32.5 KiB in each. The rest is anonymous memory (none
  of the growth is file-backed): pages V8 keeps committed beyond the live heap (its reserved heap grew by 31
  to 48 KiB per stream in the twelve processes above) and memory outside V8's heap, which the allocator
  keeps or returns. So since 2026-12-01 each of the three rows is measured in several fresh processes, one
  after another and taking turns (the relay, the floor, the relay with a conversation, then again;
  \`--memory-processes=N\`, 3 by default), and the tables show the median of the processes' figures, each
  figure taken on its own; the targets are judged on it. ${
    (m.processes?.length ?? 1) > 1
      ? `Here ${m.processes.length} processes each; every process's figures are listed
  beside the judged ones and kept in \`latest.json\` (\`processes\` of \`memory\`, \`floor\` and \`withHistory\`),
  and the sizes of the idle and loaded relay above are those of the process with the median RSS from
  ${p.streams} to ${2 * p.streams} open.`
      : `**This run measured one process
  each**, so one process decided these figures.`
  }
- **Refused streams.** A held stream that the relay answers with an error instead of a stream (504 when its
  upstream sent no headers within the \`Groq\` client's \`timeout\`, 60 s by default; 502 when it could not
  connect) is counted as refused, not as open: its process is divided by more streams than it held, so a
  refusal in the relay's row makes the memory verdicts FAIL. The floor has no such timeout
  (\`createNodeHttpFetch\` waits as long as it takes), so slowness alone never makes it refuse. Until
  2026-12-03 the held streams were opened 1 ms apart however fast the machine answered them, each a new
  connection from the relay to the mock. Node accepts one pending connection each time it polls a listening
  socket (libuv/libuv#3696), and the mock, busy with 1000 paced streams on CPU 0 beside the clients,
  accepted 20 to 50 a second: connections waited in its accept queue (up to 443 of them) for up to 20 s
  on a quiet machine, and in the full run of 2026-12-02, on a busier one, past 60 s (the relay refused 91
  held streams, and 287 with the conversation). Since then at most ${p.heldOpeningAtOnce ?? 32} streams wait for their first
  chunk at once: the longest wait for upstream headers fell from 16 to 24 s to 2.2 s (the floor's from 5 to 13 s
  to 1.5 s) and the step took about as long; with the relay's timeout cut to 8 s for the test, 303 held streams
  were refused the old way and none this way. A refusal now means that the relay failed a request the
  machine had time for. A held stream whose connection failed (\`ECONNRESET\`) or closed before its first
  chunk, whose first event was an error, or that was not held within ${(p.heldOpeningMs ?? 120_000) / 1000} s of its batch's start counts
  as refused too (and that process's later batches then open none, so that it ends soon; the next process opens its own): until 2026-12-06 the first
  failed the whole benchmark, and the others kept it waiting for ever.

## The upstream transport

\`Groq\` from \`@groq-stream/node\` sends its requests with \`createNodeHttpFetch\` (node:http, a keep-alive
agent, the body a pull-based \`ReadableStream\`) by default since 2026-11-30, and with Node's \`fetch\`
(undici) only behind a proxy; this benchmark follows that default. \`BENCH_UPSTREAM=fetch pnpm bench\`
measures the relay (and the floor) on undici instead. Runs of each, alternating, on 2026-11-25 between 10:28 and 10:51 UTC (the mock was rebuilt at 10:47 by other work on it; both transports ran before and after) (load average 1 to 4;
in about half of the runs other work took most of a core, which shows in the latency, not in the memory):

| upstream | RSS per stream (from idle) | V8 heap + external per stream | floor: RSS / heap + external | relay CPU per chunk at 100 / 250 / 500 streams (runs that recorded it) |
|---|---|---|---|---|
| node:http (\`createNodeHttpFetch\`), 9 runs | 86–98 KiB, mean 94.8 KiB | 31.2–31.9 KiB | 61–82 KiB / 21 KiB | 177 / 115 / 93 µs, 142 / 91 / 92 µs, 149 / 92 / 84 µs |
| Node's \`fetch\` (undici), 7 runs | 121–143 KiB, mean 127.7 KiB | 50.5–51.8 KiB | 89–114 KiB / 41 KiB | 200 / 153 / 122 µs, 230 / 176 / 139 µs |

Every node:http run used less memory than every fetch run: 26% less RSS and 39% less heap per open stream,
and 15 to 40% less CPU per chunk. The latency did not tell them apart clearly: in the runs where other work
took at most 1% of a core, the added latency at 500 streams was p50 1.0 to 4.7 ms, p99 49 to 71 ms on
node:http, and p50 3.1 to 5.3 ms, p99 42 to 88 ms on fetch; in the runs with other work taking most of a core, p99 was
91 to 223 ms on node:http and 56 to 179 ms on fetch. In \`packages/node\`'s benchmark (200 streams × 2,000 chunks, unthrottled), the client's CPU per chunk
was 1.06–1.14× that of a bare fetch loop on undici and 0.71–0.80× on node:http.

## Reading the figures

- The relay's CPU per chunk (set-up included) is in the table; most of it is Node's HTTP machinery,
  the upstream body stream and the \`writev\` system call, as the floor row shows (profile the relay with
  \`BENCH_RELAY_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" pnpm bench\`). One process is one core: as
  its CPU share approaches a full core, chunks wait for the event loop and the tail grows much faster than
  the median (compare the rows); the floor, which parses nothing, ${f.added.p99 < targets.p99AddedLatencyMs ? 'stays under' : 'misses'} a ${targets.p99AddedLatencyMs} ms p99 at ${p.streams} streams
  here (${ms(f.added.p99)}). A deployment that must hold more streams per machine runs one relay process per core
  (\`node:cluster\`, or more containers), and keeps each well below a full core.
- Where the relay's CPU goes, from a \`--cpu-prof\` of the 500-stream run on 2026-11-30: the \`writev\` system
  call that sends each frame to the browser took 34 to 41% of the relay's busy time, about 40 µs a call on
  this 2-vCPU virtual machine (a loopback write also runs the receiving side of TCP and wakes the reader);
  our code (SSE parsing, JSON, re-encoding, the pipe) 13 to 18%; garbage collection 5%; the rest is Node's
  HTTP and stream machinery. The floor makes the same system call for every frame, so no relay on Node
  gets below the floor's tail here, and ours adds its parsing on top.
- Far from a full core the tail is still near the target: with 100 streams (the relay at 13 to 16% of a
  core) the added p99 was 5.2 to 6.0 ms and the floor's 2.9 to 4.1 ms, and the event-loop delay p99 about 4 ms
  in both. Young-generation garbage collections set it: \`--trace-gc\` showed 156 of them, on a heap of 4 to
  10 MB, taking 2.0 ms at p50, 5.7 ms at p90, and up to 37 ms. A plain allocation loop pauses as long on this
  virtual machine. Tried on 2026-11-30, with one relay for all levels, none helped: \`--max-semi-space-size=64\` (added p99 139 ms at 500
  streams), \`--single-threaded-gc\` (6.0 ms at 100 streams), and the relay pinned to one core with the mock and
  the clients on the other (26.5 ms at 500 streams; the floor 78.6 ms). What did help, on 2026-12-01, is
  in *Node flags* above: a young generation of a fixed size from the start (16 MiB semi-spaces then, 8 since 2026-12-06).
- Where the remaining tail comes from, measured on 2026-12-01 (\`--trace-gc-nvp\`, with those flags): while
  the streams arrive, each young-generation collection of the relay takes 5 to 10 ms (the floor's 4 to 7 ms),
  and there are about three a second. Their length follows what survives them, and most of that is the state
  of streams opened since the last one, which V8 copies once and then moves to the old generation: about
  40 KiB per stream for the relay and 23 KiB for the floor. Mounted on plain node:http instead of Express,
  the same middleware left 15 KiB per stream instead of 23 KiB in a shorter run (the floor 12 KiB): two
  thirds of the difference is Express' per-request state, which lives as long as the response. Heap
  snapshots with 300 streams open agree: 33.2 KiB per stream through Express, 29.5 KiB on plain node:http,
  23.8 KiB for the floor; Express' \`setPrototypeOf\` on each request and response leaves both in V8's slow
  dictionary mode, each with an object shape of its own. Since 2026-12-02 the demo avoids that: its server
  (\`createAppServer\`, src/create-app-server.ts) makes requests and responses with Express' prototypes from the
  start, so Express changes none. A/B on 2026-12-02, 500 streams, two alternating rounds of 3 runs each: the
  relay's CPU per chunk 52.9 to 60.2 µs without it, 43.9 to 51.5 µs with it; added p99 (median of 3) 3.28 and
  3.86 ms against 2.70 and 2.39 ms; heap per open stream (snapshots, 300 streams) 37.0 against 34.9 KiB. The
  same day the relay let go of three listeners per stream it no longer needed (33.9 KiB). A larger young generation (64 MiB) makes the
  collections fewer but longer (17 to 22 ms on average, added p99 13 to 15 ms); V8's \`--minor-mc\` made
  them longer too (9 ms on average), and so did \`--single-threaded-gc\` (5.4 to 5.9 ms against 4.7 to 5.4 ms,
  three runs each, alternating); \`--no-allocation-site-pretenuring\` changed nothing here. The same
  build's CPU per chunk ranged from 57 to 103 µs between runs minutes apart (the floor's from 44 to
  84 µs), and the p99 with it.
- The tail at ${p.streams} streams varies from run to run on this shared virtual machine (on 2026-11-30, with
  500 streams open at once: the relay's added p99 from 12 to 93 ms, the floor's from 5 to 140 ms, the high
  ones with other work or a profiler running); the medians and the lower rows are
  steady.
- Stream set-up costs far more than a chunk (Express, validation, a new upstream connection), so a
  burst of arrivals delays the chunks of the streams already open: here ${Math.round((p.streams * 1000) / p.rampMs)} arrivals per second at ${p.streams}
  streams. Before 2026-11-30 this benchmark started 500 streams of 40 tokens within 500 ms (1,000 arrivals
  per second, the rate of 2,000 open streams in steady state): its "peak open" stayed near 400 and its p99
  measured the burst more than the 500 streams. A "peak open" below the number of streams means that the
  first streams had ended before the last ones began.
- RSS per stream is above the heap figure because V8 and the allocator keep more than is live, and most
  of both comes with the upstream request (the floor): the relay's own objects (\`Stream\`, parser, pipe,
  Express' request handling) are the difference between the two rows.
- All three processes share the machine's ${host.cores} cores, and the mock and the clients take their share of
  the CPU; with the clients on other machines, as in production, the relay has more room.
- File descriptors: each relayed stream holds two sockets in the relay (browser side and upstream side),
  so ${p.streams} streams need about ${2 * p.streams} descriptors there, and as many in the client and the mock. Node raises
  its soft limit to the hard limit at start-up; where the hard limit is 1024, raise it (\`ulimit -n 4096\`)
  before benchmarking, or streams fail with \`EMFILE\`.
`;
}

// Held streams the relay refused (a 504 when the upstream gave no headers in time) are not open streams: the
// figures of such a process are divided by more streams than it held, and the memory verdicts are FAIL.
function refusedNote(...rows) {
  const counts = rows.map((row) => row.refused ?? 0);
  if (counts.every((count) => count === 0)) return '';
  return `
**Held streams refused**: the relay ${counts[0]}, the floor ${counts[1]}, the relay with a conversation ${counts[2]} (over all processes; the
relay answered them with an error, e.g. 504 when the upstream sent no headers within its timeout, or they failed or
were not held in time; see *Refused streams* in the method). Those processes held fewer open streams than their figures are divided by; refusals in the
relay's own row make the memory verdicts above FAIL whatever the figures.
`;
}
