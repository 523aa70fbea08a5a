import type { ServerResponse } from 'node:http';
import { abortableDelay } from './abortable-delay.js';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createAnswerSteps } from './create-answer-steps.js';
import type { GroqUsage } from './create-usage.js';
import type { MockServerStats } from './mock-stats.js';
import type { MockScenario } from './scenarios.js';
import { STOPPED_EARLY_REASON, streamError } from './scenario-errors.js';
import { writeSseStream } from './write-sse-stream.js';

/** The waits of one answer, once scenario, options and headers are merged. */
export interface Pace {
  /** Wait before the status line and headers (`slow-headers`). */
  headersDelayMs: number;
  /** Wait after the headers, before the first token. */
  ttftMs: number;
  tokensPerSecond: number;
}

/** What {@link streamChatCompletion} needs to stream one answer. */
export interface StreamChatCompletionOptions {
  response: ServerResponse;
  signal: AbortSignal;
  counters: MockServerStats;
  meta: CompletionMeta;
  plan: AnswerPlan;
  usage: GroqUsage;
  pace: Pace;
  scenario: MockScenario;
  /** `stream_options.include_usage`: a chunk with no choices carries the usage before `data: [DONE]`. */
  includeUsage: boolean;
}

/**
 * Streams one answer as Groq does (role chunk, deltas, last chunk with usage, `data: [DONE]`), or breaks
 * it off as the scenario says, and keeps the stream counters. The role chunk is written together with
 * the first delta, after the TTFT wait, so TTFT is measured to real content; with no TTFT, the headers,
 * the role chunk and the first delta leave in one write as soon as the request is read.
 */
export async function streamChatCompletion(options: StreamChatCompletionOptions): Promise<void> {
  const { response, signal, counters, meta, plan, usage, pace, scenario, includeUsage } = options;
  counters.streamsStarted += 1;
  let ended = false;
  // 'close' comes as soon as the socket closes, even while we sit in a timer: no polling needed.
  response.once('close', () => {
    if (!ended) counters.streamsAborted += 1;
  });
  if (!(await abortableDelay(pace.headersDelayMs, signal))) return;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Without a wait, the headers go with the first chunk (one write, one packet).
  if (pace.ttftMs > 0) response.flushHeaders();
  // `stopped-early` is not faulty on the wire: its last chunk and `data: [DONE]` come as usual.
  const faulty = scenario === 'stall' || scenario === 'drop' || scenario === 'mid-stream-error';
  const stoppedEarly = scenario === 'stopped-early' ? STOPPED_EARLY_REASON : undefined;
  const steps = createAnswerSteps({ meta, plan, usage, faulty, stoppedEarly, includeUsage });
  if (!(await writeSseStream({ response, steps, ttftMs: pace.ttftMs, tokensPerSecond: pace.tokensPerSecond, signal }))) return;
  // `stall` just returns: the response stays open until the client goes away or the server closes.
  if (scenario === 'stall') return;
  ended = true;
  if (scenario === 'drop') {
    counters.streamsFailed += 1;
    response.socket?.destroy();
  } else if (scenario === 'mid-stream-error' || scenario === 'stopped-early') {
    counters.streamsFailed += 1;
    response.end(scenario === 'mid-stream-error' ? `event: error\ndata: ${JSON.stringify(streamError())}\n\n` : undefined);
  } else {
    counters.streamsCompleted += 1;
    response.end();
  }
}
