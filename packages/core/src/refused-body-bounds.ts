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
 * @param startedAt When the body's time began, as `Date.now()` gave it.
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
  return { bytes: Math.max(16 * 1024 * 1024, options.maxBodyBytes ?? chatRelayDefaults.maxBodyBytes), ms: Math.max(0, startedAt + ms - Date.now()) };
}
