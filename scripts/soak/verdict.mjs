// The verdict on one setup's soak, from its samples (see soak-loop.mjs for the phases). Every rule is about
// state, never about speed: a loaded machine makes the run slower and the settle longer, not a FAIL.
//   - At rest after the load (every scenario ended, then the settle): the mock has no open stream, the
//     relay no open connection, the shared signal no listener, and no kind of active resource (sockets,
//     timers...) counts more than before the load began. Exact: one stream or timer held is a leak.
//   - Retained memory (heapUsed + external, after a forced GC) at rest after the load, against at rest
//     after the warm-up, grows by at most RETAINED_FLOOR_MB + RETAINED_PER_1000_MB per 1,000 streams run in
//     between. Both are measured with nothing in flight, so what differs is what the streams left behind.
//   - Every scenario ended (none still running DRAIN_MAX_MS after the load stopped), and threw only the
//     error kinds it expects (an abort, an idle timeout, the mock's planned faults); and no listeners piled
//     up on one emitter (Node's MaxListenersExceededWarning).

/**
 * Noise between two samples at rest on a build without leaks: V8 goes on compiling hot code and filling its
 * caches after the warm-up. Measured on this 2-core machine with other work running, 1- and 2-minute runs:
 * +0.2 to +1.4 MB (the relays, whose warm-up sees fewer streams, at the top). 3 MB is twice the worst.
 */
export const RETAINED_FLOOR_MB = 3;
/**
 * 0.1 MB per 1,000 streams is 100 bytes a stream: less than one closure with its context, so anything that
 * a stream really leaves behind (a listener, a buffer, the stream itself: 20 KB and more) goes over it
 * within minutes. Clean runs grew by 0.01 to 0.1 KB a stream, most of it the floor's noise.
 */
export const RETAINED_PER_1000_MB = 0.1;
/** The longest a scenario runs (a paced 400-token answer at 100 a second) is 4 s; stalled ones time out. */
export const DRAIN_MAX_MS = 60_000;
/** The pools' idle sockets close 4 to 6 s after their last answer; dropped streams go at the next GC. */
export const SETTLE_MAX_MS = 60_000;

export const retainedMB = (sample) => sample.heapMB + sample.externalMB;

/** What is still open in `sample` (at rest) that was not before the load (`start`): empty when nothing. */
export function stillOpen(sample, start) {
  const open = [];
  if (sample.mockOpen !== 0) open.push(`${sample.mockOpen} mock stream(s) open`);
  if (sample.relayConnections) open.push(`${sample.relayConnections} relay connection(s) open`);
  if (sample.sharedListeners) open.push(`${sample.sharedListeners} listener(s) on the shared signal`);
  for (const [type, count] of Object.entries(sample.resources)) {
    const before = start.resources[type] ?? 0;
    if (count > before) open.push(`${count} ${type} active (${before} before the load)`);
  }
  return open;
}

/** `{ pass, reasons, growthMB, limitMB, streams }` for a setup's result (written by soak-loop.mjs). */
export function judge(result) {
  const reasons = [];
  const phase = (name) => result.samples.find((sample) => sample.phase === name);
  const start = phase('start');
  const rest = phase('rest');
  const settled = phase('settled');
  if (!start || !rest || !settled) return { pass: false, reasons: ['the soak did not finish (no settled sample)'] };

  for (const [when, hung] of Object.entries(result.hung)) {
    if (hung > 0) reasons.push(`${hung} scenario(s) still running ${DRAIN_MAX_MS / 1000} s after the ${when} load stopped`);
  }
  reasons.push(...stillOpen(settled, start).map((what) => `after ${(result.settleMs.end / 1000).toFixed(0)} s at rest: ${what}`));

  const streams = settled.done - rest.done;
  const growthMB = retainedMB(settled) - retainedMB(rest);
  const limitMB = RETAINED_FLOOR_MB + (RETAINED_PER_1000_MB * streams) / 1000;
  if (growthMB > limitMB) {
    reasons.push(`retained memory grew ${growthMB.toFixed(2)} MB over ${streams} streams (limit ${limitMB.toFixed(2)} MB: ` +
      `${RETAINED_FLOOR_MB} + ${RETAINED_PER_1000_MB} per 1,000 streams)`);
  }
  if (result.warnings.MaxListenersExceededWarning) {
    reasons.push(`${result.warnings.MaxListenersExceededWarning} MaxListenersExceededWarning(s): listeners pile up on an emitter (see the setup's stderr)`);
  }
  for (const { scenario, kind, count, message } of result.unexpected) {
    reasons.push(`unexpected ${kind} in ${scenario} (${count}x): ${message}`);
  }
  return { pass: reasons.length === 0, reasons, growthMB, limitMB, streams };
}
