import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCompletionId, systemFingerprint } from './create-ids.js';
import { AnswerTooLargeError, createAnswerPlan, cutAnswerPlan, type AnswerPlan } from './create-answer-plan.js';
import { FAULT_AFTER_DELTAS } from './create-answer-steps.js';
import { createUsage } from './create-usage.js';
import type { RequestSettings } from './mock-groq-server-options.js';
import type { MockServerContext } from './mock-server-context.js';
import { resolveRequestSettings } from './resolve-request-settings.js';
import {
  badGatewayError,
  capacityError,
  rateLimitError,
  rateLimitHeaders,
  serverError,
  serviceUnavailableError,
} from './scenario-errors.js';
import { hashString } from './seeded-random.js';
import type { MockScenario } from './scenarios.js';
import { groqError, sendJson, type GroqErrorBody } from './send-json.js';
import { streamChatCompletion } from './stream-chat-completion.js';
import { respondChatCompletion } from './respond-chat-completion.js';
import { validateChatRequest } from './validate-chat-request.js';

/** Wait before the headers in `slow-headers` when neither `x-mock-ttft-ms` nor the `ttftMs` option sets one. */
const DEFAULT_SLOW_HEADERS_MS = 2000;

// Scenarios that answer with an error status instead of an answer, streaming or not.
const SCENARIO_FAILURES: Partial<Record<MockScenario, { status: number; body: () => GroqErrorBody }>> = {
  'server-error': { status: 500, body: serverError },
  'bad-gateway': { status: 502, body: badGatewayError },
  'service-unavailable': { status: 503, body: serviceUnavailableError },
  capacity: { status: 498, body: capacityError },
};

/** One chat-completions request, read and authorized by the router. */
export interface ChatCompletionExchange {
  request: IncomingMessage;
  response: ServerResponse;
  /** The parsed body, or the message saying why it cannot be read as JSON. */
  body: { json: unknown } | { invalid: string };
  requestId: string;
  signal: AbortSignal;
}

/** `POST /openai/v1/chat/completions`, once authorized: validate, apply the scenario, answer. */
export async function handleChatCompletion(context: MockServerContext, exchange: ChatCompletionExchange): Promise<void> {
  const { request, response, body, requestId, signal } = exchange;
  if ('invalid' in body) {
    sendJson(response, 400, groqError(body.invalid, 'invalid_request_error'));
    return;
  }
  const validation = validateChatRequest(body.json, context.knownModelsOnly);
  if (!validation.ok) {
    sendJson(response, validation.status, validation.body);
    return;
  }
  let settings: RequestSettings;
  try {
    settings = resolveRequestSettings(request.headers, context.defaults);
  } catch (error) {
    sendJson(response, 400, groqError((error as Error).message, 'invalid_request_error', 'invalid_mock_header'));
    return;
  }
  const chat = validation.request;
  const scenario = context.scenarios.applies(settings.scenario, settings.failTimes) ? settings.scenario : 'none';
  if (scenario === 'rate-limit') {
    sendJson(response, 429, rateLimitError(chat.model), rateLimitHeaders());
    return;
  }
  const failure = SCENARIO_FAILURES[scenario];
  if (failure !== undefined) {
    sendJson(response, failure.status, failure.body());
    return;
  }
  const slowHeaders = scenario === 'slow-headers';
  const pace = {
    headersDelayMs: slowHeaders ? settings.ttftMs || DEFAULT_SLOW_HEADERS_MS : 0,
    ttftMs: slowHeaders ? 0 : settings.ttftMs,
    tokensPerSecond: settings.tokensPerSecond,
  };
  let plan: AnswerPlan;
  try {
    plan = createAnswerPlan(chat, scenario, settings.tokens);
  } catch (error) {
    // A schema that asks for more than could ever be sent, or whose pattern backtracks for ever: refused,
    // not built until memory runs out or while the server stands still.
    if (!(error instanceof AnswerTooLargeError)) throw error;
    sendJson(response, 400, groqError(error.message, 'invalid_request_error'));
    return;
  }
  // A stream stopped early sends only its first deltas, and its usage counts those, not the planned answer.
  if (scenario === 'stopped-early' && chat.stream) plan = cutAnswerPlan(plan, FAULT_AFTER_DELTAS);
  const meta = {
    id: createCompletionId(),
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
    systemFingerprint: systemFingerprint(chat.model),
    requestId,
    seed: chat.seed ?? hashString(chat.prompt) % 2_147_483_647,
    serviceTier: chat.serviceTier,
  };
  // Raw reasoning is part of the content, as Groq counts it: only parsed or hidden reasoning is detailed.
  const usage = createUsage(chat.promptTokens, plan.completionTokens, settings.tokensPerSecond, plan.reasoning.length + plan.hiddenReasoningTokens);
  const answer = { response, signal, meta, plan, usage, pace, scenario };
  await (chat.stream
    ? streamChatCompletion({ ...answer, counters: context.stats.counters, includeUsage: chat.includeUsage })
    : respondChatCompletion(answer));
}
