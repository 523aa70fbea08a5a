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
// Answers { type: 'pauses', reset? } with the pauses since the last reset: [[end, length], ...] in ms.
import { recordLateness } from './lateness.mjs';

const [intervalMs = 2, thresholdMs = 5] = process.argv.slice(2).map(Number);
const lateness = recordLateness(intervalMs, thresholdMs);

process.send({ type: 'ready' });
process.on('message', (message) => {
  if (message.type === 'pauses') process.send({ type: 'pauses', pauses: lateness.take({ reset: message.reset }) });
});
process.once('SIGTERM', () => process.exit(0));
// Its timer would keep it going for ever once run.mjs is gone.
process.once('disconnect', () => process.exit(0));
