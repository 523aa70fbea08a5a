import { chatRelayDefaults, type ChatRelayOptions } from './chat-relay-options.js';
import { bodyTimeout } from './parse-chat-request.js';

/**
 * How much more of a body refused before its end (413) a relay reads and drops before it lets the connection
 * go, and for how long: `bytes`, 16 MiB or `maxBodyBytes`, whichever is more; `ms`, what is left of
 * `bodyTimeoutMs` counted from `startedAt` (the default 10 000 when it is 0, so that a client that stops sending
 * holds nothing for ever). Why read more at all: a server that closes the connection while the client still
 * sends makes the bytes still coming reset it, and a client that had not read the 413 yet loses it (Node's
 * `fetch` posting 8 MB past a 64 KiB limit failed with EPIPE in 5 of 10 runs, and read the 413 in 10 of 10 once
 * the rest was read). The bounds keep a client that never stops from holding the connection.
 *
 * @param options The relay's `maxBodyBytes` and `bodyTimeoutMs`.
 * @param startedAt When the body's time began, as `performance.now()` gave it: the monotonic clock, which a step
 * of the wall clock during the upload (NTP, a VM resumed) does not move, as it moves `Date.now()`, and the bound
 * with it (an hour back held the connection for the hour more). A `Date.now()` time, which this took before, is
 * still read as one, step and all: the two clocks are decades apart, and a time is taken to be from the one it
 * is nearer.
 */
export function refusedBodyBounds(
  options: Pick<ChatRelayOptions, 'maxBodyBytes' | 'bodyTimeoutMs'>,
  startedAt: number,
): {
  /** Bytes more of the body to read and drop at most. */
  bytes: number;
  /** Milliseconds more to wait for the body's end at most, from now; 0 when its time is over. */
  ms: number;
} {
  const ms = bodyTimeout(options).ms ?? chatRelayDefaults.bodyTimeoutMs;
  return { bytes: Math.max(16 * 1024 * 1024, options.maxBodyBytes ?? chatRelayDefaults.maxBodyBytes), ms: Math.max(0, ms - elapsedSince(startedAt)) };
}

/** Milliseconds since `startedAt`, on the clock it was read from: `performance.now()`'s, or `Date.now()`'s. */
function elapsedSince(startedAt: number): number {
  const monotonic = performance.now();
  const wall = Date.now();
  // performance.now() counts from the process's or the page's start, Date.now() from 1970: a start time is
  // nearer its own clock's now by decades, however far a step moved the wall clock since.
  return Math.abs(wall - startedAt) < Math.abs(monotonic - startedAt) ? wall - startedAt : monotonic - startedAt;
}
