/**
 * Counters of a mock server, from `stats()` or `GET /__mock/stats`. Requests to `/__mock/*` are not counted.
 * A stream that has started ends up in exactly one of completed, aborted or failed; `streamsOpen` and
 * `streamsReleased` say besides whether its response is still open, and who closed one the mock held open.
 */
export interface MockServerStats {
  /**
   * Requests received, whatever the answer: every path except `/__mock/*`. Not counted: `OPTIONS` preflights,
   * requests never read in full (not valid HTTP, or whose client left during the upload), and requests pipelined
   * behind an answer after which the connection closed, which are never handled (RFC 9112 section 9.6).
   */
  requests: number;
  /**
   * Streams accepted, chat completions and responses (`/openai/v1/responses`) alike: after validation and any
   * scenario that answers with an error status.
   */
  streamsStarted: number;
  /**
   * Streams that delivered the whole answer: a chat completion's last chunk and `data: [DONE]`, a response's
   * `response.completed` (or `response.incomplete`, when `max_output_tokens` cut it); in `done-then-stall`, as
   * soon as that last event is written, though the response stays open.
   */
  streamsCompleted: number;
  /** Streams whose client went away (or whose server closed) before the end, e.g. during `stall`. */
  streamsAborted: number;
  /**
   * Streams the mock ended early on purpose: scenarios `mid-stream-error`, `drop` and `stopped-early` (whose
   * last chunk and `data: [DONE]` arrive as usual, but after part of the answer only; for a response,
   * `response.failed`), and `error-then-stall`, as soon as its error event is written.
   */
  streamsFailed: number;
  /**
   * Streams started whose response is still open: under way, stalled (`stall`), or held open after their last
   * event (`done-then-stall`, `error-then-stall`). A stream leaves it as the mock ends its response, or as its
   * connection closes first (the client left, or `close()`).
   */
  streamsOpen: number;
  /**
   * Streams held open after their last event (`done-then-stall`, `error-then-stall`) whose client then closed
   * the connection, as a client must once it has `[DONE]` or an error event. Not one that `close()` cut.
   */
  streamsReleased: number;
}

/** A request as the mock saw it, from `requests()` or `GET /__mock/requests`. */
export interface RecordedRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-case header names; credential headers (by name, or a value holding `Bearer`, `Basic` or `gsk_`) are `[redacted]`. */
  headers: Record<string, string | string[] | undefined>;
  /**
   * The parsed JSON body; the raw text when it is not JSON, or nested too deeply to be written back; undefined when
   * empty. Numbers are `JSON.parse`'s: a `seed` past 2^53 is the nearest double, though `x_groq.seed` echoes its digits.
   */
  body: unknown;
}

/** The counters and recorded requests of one server, shared by its request handlers. */
export interface MockStatsStore {
  /**
   * Mutated in place by the request handlers. A stream keeps the object it started with, and `reset()` puts a
   * new one here: a stream under way at a reset ends in the old counters, not as an end without a start.
   */
  readonly counters: MockServerStats;
  record(request: RecordedRequest): void;
  snapshot(): MockServerStats;
  requests(): RecordedRequest[];
  reset(): void;
}

/** An empty store that keeps the newest `maxRecordedRequests` requests. */
export function createMockStats(maxRecordedRequests: number): MockStatsStore {
  let counters = zeroCounters();
  let recorded: RecordedRequest[] = [];
  return {
    get counters() {
      return counters;
    },
    record(request) {
      recorded.push(request);
      if (recorded.length > maxRecordedRequests) recorded.splice(0, recorded.length - maxRecordedRequests);
    },
    snapshot: () => ({ ...counters }),
    requests: () => [...recorded],
    reset() {
      counters = zeroCounters();
      recorded = [];
    },
  };
}

function zeroCounters(): MockServerStats {
  return { requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 };
}
