// A probe of the CPU it runs on, in its own process: a timer every `intervalMs`, and each time it fires
// late by `thresholdMs` or more, the pause is recorded (machine-wide monotonic clock, as the mock's and
// the clients' times). run.mjs pins one probe to each CPU set it uses and, where it may, gives it nice
// -20, so that it takes its CPU from any other task as soon as its timer fires: a pause it sees is time
// that CPU ran no task, because the hypervisor ran something else on it (steal, which this kind of
// virtual machine may not report in /proc/stat) or the kernel was busy (interrupts, a long system call),
// or, much less often, a task held it for a scheduler tick (4 ms here). A stall of the relay's event loop
// that its CPU's probe did not see was made inside this machine: by the relay itself (a GC pause, its own
// work) or by a task that had its CPU meanwhile (the relay's wait for its CPU says how long).
//
//   node probe.mjs [interval ms] [threshold ms]
//
// It also times a fixed piece of work every 100 ms, to tell how fast its CPU runs: without steal figures
// or hardware counters here, a relay that spends more CPU time per chunk in one run than in another may do
// more work (another JIT outcome in a fresh process) or run on a slower CPU (the host's other load on the
// same core or its caches); this time tells the two apart. The work takes about 0.1 ms.
//
// Answers { type: 'pauses', reset? } with, since the last reset, the pauses ([[end, length], ...] in ms)
// and the work's times (`speed`, in µs).
import { recordLateness } from './lateness.mjs';

const [intervalMs = 2, thresholdMs = 5] = process.argv.slice(2).map(Number);
const lateness = recordLateness(intervalMs, thresholdMs);

let sink = 0;
const work = () => {
  for (let index = 0; index < 20_000; index++) sink = (sink * 31 + index) | 0;
};
// Run hot before the first timing, so that every timing is of the optimized loop.
for (let round = 0; round < 200; round++) work();
let speed = [];
setInterval(() => {
  const started = process.hrtime.bigint();
  work();
  speed.push(Number(process.hrtime.bigint() - started) / 1e3);
}, 100);

process.send({ type: 'ready' });
process.on('message', (message) => {
  if (message.type !== 'pauses') return;
  process.send({ type: 'pauses', pauses: lateness.take({ reset: message.reset }), speed, sink: sink & 1 });
  if (message.reset) speed = [];
});
process.once('SIGTERM', () => process.exit(0));
// Its timer would keep it going for ever once run.mjs is gone.
process.once('disconnect', () => process.exit(0));
