import type { ServerResponse } from 'node:http';
import { abortableDelay } from './abortable-delay.js';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createChatCompletion } from './create-chat-completion.js';
import type { GroqUsage } from './create-usage.js';
import type { MockScenario } from './scenarios.js';
import { stoppedEarlyError, streamError } from './scenario-errors.js';
import { sendJson, sendJsonText } from './send-json.js';
import { stringifyGroqJson } from './stringify-groq-json.js';
import type { Pace } from './stream-chat-completion.js';

/** What {@link respondChatCompletion} needs to answer one request. */
export interface RespondChatCompletionOptions {
  response: ServerResponse;
  signal: AbortSignal;
  meta: CompletionMeta;
  plan: AnswerPlan;
  usage: GroqUsage;
  pace: Pace;
  scenario: MockScenario;
}

/**
 * Answers a non-streaming request with a `ChatCompletion`, after as long as streaming the same answer
 * would take at the requested pace, or fails as the scenario says.
 */
export async function respondChatCompletion({ response, signal, meta, plan, usage, pace, scenario }: RespondChatCompletionOptions): Promise<void> {
  const generationMs = pace.tokensPerSecond > 0 ? (plan.completionTokens * 1000) / pace.tokensPerSecond : 0;
  if (!(await abortableDelay(pace.headersDelayMs + pace.ttftMs + generationMs, signal))) return;
  // `stall` never answers: the socket stays open until the client goes away or the server closes.
  if (scenario === 'stall') return;
  if (scenario === 'drop') {
    response.socket?.destroy();
    return;
  }
  if (scenario === 'mid-stream-error') {
    sendJson(response, 500, streamError());
    return;
  }
  // Without a stream there is no chunk to carry `x_groq.error`: the request fails as a whole.
  if (scenario === 'stopped-early') {
    sendJson(response, 500, stoppedEarlyError());
    return;
  }
  sendJsonText(response, 200, stringifyGroqJson(createChatCompletion(meta, plan, usage)));
}
