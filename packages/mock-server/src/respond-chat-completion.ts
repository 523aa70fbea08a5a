import type { ServerResponse } from 'node:http';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createChatCompletion } from './create-chat-completion.js';
import type { GroqUsage } from './create-usage.js';
import { respondAnswer } from './respond-answer.js';
import type { Pace } from './run-answer-stream.js';
import type { MockScenario } from './scenarios.js';
import { stringifyGroqJson } from './stringify-groq-json.js';

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
export async function respondChatCompletion({ meta, plan, usage, ...options }: RespondChatCompletionOptions): Promise<void> {
  await respondAnswer({ ...options, completionTokens: plan.completionTokens, body: () => stringifyGroqJson(createChatCompletion(meta, plan, usage)) });
}
