import type { ErrorRequestContext } from './errors/groq-error.js';
import type { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';

/** Options for reading chunks from a response body. */
export interface ChunkReaderOptions {
  /** Largest event (or NDJSON line), in characters, before the stream fails. Default 16 MiB. */
  maxEventSize?: number | undefined;
  /**
   * Longest silence between two events, in milliseconds, before the stream fails with
   * {@link StreamIdleTimeoutError} and the connection is aborted, through the stream's `controller` with that
   * error as the signal's `reason`: a Stop button's controller given to `Stream.fromSSEResponse()` is aborted
   * too, so tell a Stop from a timeout by the error thrown (or `signal.reason`), not by `signal.aborted`.
   * Comments (heartbeats) are not progress.
   * Time the consumer spends away from the loop does not count. Before failing, the runtime gets one more turn
   * to read the network, so a stall of the process itself (a long synchronous task, a GC pause) does not fail
   * a stream whose next event came in time. Default: no limit.
   */
  idleTimeout?: number | undefined;
  /** Request the stream belongs to, for error messages. */
  context?: ErrorRequestContext | undefined;
  /**
   * How many choices the request asked for (its `n`). Without `[DONE]`, the stream ends quietly only when
   * each of them has a `finish_reason`, so a choice that never arrived is not lost silently. Default: the
   * choices that arrived.
   */
  expectedChoices?: number | undefined;
}
