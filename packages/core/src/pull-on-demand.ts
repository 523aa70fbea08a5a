import type { StreamBytes } from './stream-bytes.js';

/**
 * The queuing strategy of the byte streams a `Stream` is encoded into (`toReadableStream()`,
 * `toSSEReadableStream()`): nothing is pulled before a reader asks, so backpressure reaches the upstream and
 * a stream dropped unread has started nothing. One object, so that a stream built before its encoder has
 * loaded (see `lazyReadableStream`) queues as the encoder's own does.
 */
export const pullOnDemand: QueuingStrategy<StreamBytes> = { highWaterMark: 0 };
