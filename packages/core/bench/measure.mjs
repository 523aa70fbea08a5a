// Timing one read of a prepared response, and checking what it produced.
import { createTally } from './variants.mjs';

/** Thrown into the body when a run passes its time limit. */
export class TimeLimitError extends Error {
  name = 'TimeLimitError';
}

/**
 * A `Response` over prepared pieces, one per read, that errors its body once `deadline`
 * (a `performance.now()` value) has passed. The check runs on every read, so it works even when
 * the reader never yields to the event loop (timers would not fire then).
 */
export function createDeadlineResponse(pieces, deadline) {
  let index = 0;
  const body = new ReadableStream(
    {
      pull(controller) {
        if (performance.now() > deadline) {
          controller.error(new TimeLimitError(`time limit passed after ${index} of ${pieces.length} pieces`));
          return;
        }
        controller.enqueue(pieces[index++]);
        if (index === pieces.length) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/**
 * Collects garbage (so one run's garbage is not collected in the next), builds a response and
 * times one variant reading it. Returns the milliseconds, what it counted, and the error if any.
 */
export async function timeRun(variant, createResponse, { verify = false, readOptions, gc } = {}) {
  gc();
  const response = createResponse();
  const tally = createTally(verify);
  const start = performance.now();
  let error;
  try {
    await variant.read(response, tally, readOptions);
  } catch (caught) {
    error = caught;
  }
  const ms = performance.now() - start;
  return { ms, count: tally.count, contentLength: tally.contentLength, contentSha256: tally.hash?.digest('hex'), error };
}

/** What is wrong with a run's result compared with the expected one, or undefined when nothing is. */
export function findMismatch(run, expected) {
  if (run.error) return `threw ${run.error.name}: ${run.error.message}`;
  if (run.count !== expected.count) return `gave ${run.count} chunks, expected ${expected.count}`;
  if (run.contentLength !== expected.contentLength) {
    return `gave ${run.contentLength} characters of content, expected ${expected.contentLength}`;
  }
  if (run.contentSha256 !== undefined && run.contentSha256 !== expected.contentSha256) {
    return `content SHA-256 ${run.contentSha256.slice(0, 16)}… differs from the expected ${expected.contentSha256.slice(0, 16)}…`;
  }
  return undefined;
}

/**
 * Times each variant reading responses from `createResponse(variant)`: `warmups` untimed runs (the
 * first checked against `expected` down to the content hash), then `runs` timed rounds in
 * alternating variant order, each run checked by count and content length. A variant that gets
 * anything wrong is dropped, its failure recorded in `failures` (with `where`) and in its entry.
 * Returns `{ [variant.name]: { verified, samplesMs, medianMs?, failure? } }`.
 */
export async function measureVariants(variants, { createResponse, readOptions, expected, warmups, runs, gc, where, failures }) {
  const entries = {};
  let live = [];
  const run = (variant, verify) => timeRun(variant, () => createResponse(variant), { verify, gc, readOptions: readOptions?.(variant) });
  const fail = (variant, mismatch, when) => {
    Object.assign(entries[variant.name], { verified: false, failure: `${when}: ${mismatch}` });
    failures.push(`${variant.label}, ${where}, ${when}: ${mismatch}`);
    live = live.filter((other) => other !== variant);
  };
  for (const variant of variants) {
    entries[variant.name] = { verified: true, samplesMs: [] };
    live.push(variant);
    const mismatch = findMismatch(await run(variant, true), expected);
    if (mismatch) fail(variant, mismatch, 'verified warm-up');
  }
  for (let round = 1; round < warmups; round++) {
    for (const variant of live) await run(variant, false);
  }
  for (let round = 0; round < runs; round++) {
    for (const variant of round % 2 ? [...live].reverse() : [...live]) {
      const result = await run(variant, false);
      const mismatch = findMismatch(result, expected);
      if (mismatch) fail(variant, mismatch, `run ${round + 1}`);
      else entries[variant.name].samplesMs.push(result.ms);
    }
  }
  for (const variant of live) entries[variant.name].medianMs = median(entries[variant.name].samplesMs);
  return entries;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
