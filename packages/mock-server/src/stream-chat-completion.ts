import type { ServerResponse } from 'node:http';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createAnswerSteps } from './create-answer-steps.js';
import type { GroqUsage } from './create-usage.js';
import type { MockServerStats } from './mock-stats.js';
import { isFaultyStream, runAnswerStream, type Pace } from './run-answer-stream.js';
import type { MockScenario } from './scenarios.js';
import { STOPPED_EARLY_REASON, streamErrorFrame } from './scenario-errors.js';

/** What {@link streamChatCompletion} needs to stream one answer. */
export interface StreamChatCompletionOptions {
  response: ServerResponse;
  signal: AbortSignal;
  counters: MockServerStats;
  /** Whether the server is closing: a held stream it cuts was not released by its client. */
  serverClosing: () => boolean;
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
  const { meta, plan, usage, scenario, includeUsage } = options;
  // `stopped-early` is not faulty on the wire: its last chunk and `data: [DONE]` come as usual.
  const stoppedEarly = scenario === 'stopped-early' ? STOPPED_EARLY_REASON : undefined;
  const steps = createAnswerSteps({ meta, plan, usage, faulty: isFaultyStream(scenario), stoppedEarly, includeUsage });
  await runAnswerStream({ ...options, steps, errorEvent: () => `event: error\ndata: ${JSON.stringify(streamErrorFrame())}\n\n` });
}
