import type { ServerResponse } from 'node:http';
import { abortableDelay } from './abortable-delay.js';
import type { MockServerStats } from './mock-stats.js';
import type { MockScenario } from './scenarios.js';
import { writeSseStream, type SseSteps } from './write-sse-stream.js';

/** The waits of one answer, once scenario, options and headers are merged. */
export interface Pace {
  /** Wait before the status line and headers (`slow-headers`). */
  headersDelayMs: number;
  /** Wait after the headers, before the first token. */
  ttftMs: number;
  tokensPerSecond: number;
}

/** What {@link runAnswerStream} needs to stream one answer, whatever its API. */
export interface RunAnswerStreamOptions {
  response: ServerResponse;
  signal: AbortSignal;
  counters: MockServerStats;
  pace: Pace;
  scenario: MockScenario;
  /**
   * The events of the answer, one paced step a token; a faulty scenario's steps (`stall`, `drop`,
   * `mid-stream-error`, `error-then-stall`) stop after the first few deltas, and `stopped-early`'s end as the API
   * ends such a stream.
   */
  steps: SseSteps;
  /** The event that ends a stream in `mid-stream-error` (and `error-then-stall`), as the API writes an error in a stream; built when sent. */
  errorEvent: () => string;
  /** Whether the server is closing (`close()`): a held stream it cuts was not released by its client. */
  serverClosing: () => boolean;
}

/**
 * Streams the steps of one answer (chat completion or response) at the requested pace, ends the stream as
 * the scenario says, and keeps the stream counters: `streamsStarted` and `streamsOpen` at once, then exactly one
 * of completed, aborted (counted as soon as the socket closes, even while the stream waits in a timer) or failed;
 * `streamsOpen` falls back when the mock ends the response or its connection closes, and a held stream's client
 * that closes it counts in `streamsReleased`.
 */
export async function runAnswerStream({ response, signal, counters, pace, scenario, steps, errorEvent, serverClosing }: RunAnswerStreamOptions): Promise<void> {
  counters.streamsStarted += 1;
  counters.streamsOpen += 1;
  // `ended`: the stream's outcome is counted; `open`: it still counts in streamsOpen.
  let ended = false;
  let open = true;
  const shut = (): void => {
    if (!open) return;
    open = false;
    counters.streamsOpen -= 1;
  };
  const held = scenario === 'done-then-stall' || scenario === 'error-then-stall';
  // 'close' comes as soon as the socket closes, even while we sit in a timer: no polling needed.
  response.once('close', () => {
    if (!ended) counters.streamsAborted += 1;
    // Only the client or close() ends a held response: the mock never does.
    else if (held && open && !serverClosing()) counters.streamsReleased += 1;
    shut();
  });
  if (!(await abortableDelay(pace.headersDelayMs, signal))) return;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Without a wait, the headers go with the first chunk (one write, one packet).
  if (pace.ttftMs > 0) response.flushHeaders();
  if (!(await writeSseStream({ response, steps, ttftMs: pace.ttftMs, tokensPerSecond: pace.tokensPerSecond, signal }))) return;
  // `stall` just returns: the response stays open until the client goes away or the server closes.
  if (scenario === 'stall') return;
  ended = true;
  if (held) {
    // The answer's end, or its error event, is out; the response is not ended, as by a server that keeps the
    // connection after `[DONE]`: a client that waits for the body's end waits for ever.
    if (scenario === 'done-then-stall') {
      counters.streamsCompleted += 1;
    } else {
      counters.streamsFailed += 1;
      response.write(errorEvent());
    }
  } else if (scenario === 'drop') {
    counters.streamsFailed += 1;
    shut();
    response.socket?.destroy();
  } else if (scenario === 'mid-stream-error' || scenario === 'stopped-early') {
    counters.streamsFailed += 1;
    shut();
    response.end(scenario === 'mid-stream-error' ? errorEvent() : undefined);
  } else {
    counters.streamsCompleted += 1;
    shut();
    response.end();
  }
}

/** Whether a scenario cuts the stream after its first deltas, with no normal ending (see `createAnswerSteps`). */
export function isFaultyStream(scenario: MockScenario): boolean {
  return scenario === 'stall' || scenario === 'drop' || scenario === 'mid-stream-error' || scenario === 'error-then-stall';
}
