import { relayFrames } from './relay-frames.js';

// The object is relay-frames.ts's, which the relays' encoders use: see there why.
/**
 * The frames of the SSE wire format that relays send to browsers. One definition, so the Node relay, the
 * web relay and `Stream.toSSEReadableStream()` write byte-identical streams.
 */
export const sseFrames: typeof relayFrames = relayFrames;

/** Response headers for an SSE relay: no caching, no transformation, no proxy buffering. */
export const sseResponseHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
