// The batches of held streams of the memory step (see `measureMemory` in run.mjs).
import { setMaxListeners } from 'node:events';
import { holdStream } from './hold-stream.mjs';
import { startBounded } from './start-bounded.mjs';

/**
 * Opens `count` streams to `url` (at least `spacingMs` apart, at most `atOnce` waiting for their first chunk;
 * see `heldOpeningAtOnce` in run.mjs), each asking a one-line question after the turns in `history`, and
 * holds them until released, so that all are open at once, mid-answer. Each is held once a `data:` frame came
 * (bench/hold-stream.mjs), and then keeps reading, dropping what comes: a client that stopped reading would be
 * closed by the relay once the socket buffers are full and `stallTimeoutMs` (30 s) has passed, as a browser
 * that stops reading should be, and its bytes would pile up in the kernel meanwhile.
 *
 * Those not held within `openingMs` of the batch's start are given up ('deadline'). A machine that far behind
 * is no place to measure: the batch then aborts `step`, shared by the batches of one measurement (see
 * `createHeldBatches`), and its later batches open nothing ('not opened'), so that the measurement ends soon
 * and says so rather than spending `openingMs` on each of its other batches.
 *
 * Resolves to `{ release, refused }`: `release()` closes them all; `refused` lists why each of those not held
 * was not (an HTTP status, a connection error's code, `closed`, `error event`, `deadline` or `not opened`).
 */
export async function holdStreams(url, count, { agent, history = [], atOnce, spacingMs, openingMs, step }) {
  if (step.signal.aborted) return { release: () => undefined, refused: Array.from({ length: count }, () => 'not opened') };
  const deadline = AbortSignal.timeout(openingMs);
  // One abort listener for each stream waiting to be held: Node warns past ten.
  setMaxListeners(atOnce + 1, deadline);
  const held = await startBounded(count, { atOnce, spacingMs }, (index) =>
    holdStream(url, { messages: [...history, { role: 'user', content: `Benchmark stream ${index}` }] }, { agent, signal: deadline }),
  );
  const results = await Promise.all(held);
  const refused = results.flatMap((result) => (result.refused === undefined ? [] : [result.refused]));
  if (refused.includes('deadline')) step.abort();
  return { release: () => results.forEach(({ request }) => request?.destroy()), refused };
}

/**
 * The batches of one measurement (one fresh process: its warm-up and its two batches of held streams), opened
 * by `hold(url, count, history)` with `holdStreams` and the options given here. Once one of them missed its
 * deadline, `stopped` is true and its later batches open nothing; another measurement starts afresh. On
 * 2026-12-06 one stop shared by the whole memory step (3 kinds × 3 processes) made one slow batch of the first
 * process zero the other 8 measurements ('not opened' ×1000 each), though the machine may catch up by then.
 */
export function createHeldBatches(options) {
  const step = new AbortController();
  return {
    hold: (url, count, history = []) => holdStreams(url, count, { ...options, history, step }),
    get stopped() {
      return step.signal.aborted;
    },
  };
}
