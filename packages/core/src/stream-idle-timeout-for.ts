import type { RequestOptions } from './client-options.js';
import type { Groq } from './groq.js';

// Clients made without `streamIdleTimeout`: their idle limit is "the same as `timeout`", so a request that
// sets its own `timeout` gets that as its idle limit too, as `withOptions({ timeout })` would give it.
const followsTimeout = new WeakSet<Groq>();

/** Marks a client whose `streamIdleTimeout` was not given, so that it follows each request's `timeout`. */
export function idleTimeoutFollowsTimeout(client: Groq): void {
  followsTimeout.add(client);
}

/**
 * The idle limit of one streamed request: its own `streamIdleTimeout`, else its own `timeout` when the client's
 * idle limit is only the default (the client's `timeout`), else the client's `streamIdleTimeout`.
 */
export function streamIdleTimeoutFor(client: Groq, options: RequestOptions): number {
  if (options.streamIdleTimeout !== undefined) return options.streamIdleTimeout;
  if (options.timeout !== undefined && followsTimeout.has(client)) return options.timeout;
  return client.streamIdleTimeout;
}
