import type { IncomingMessage, ServerResponse } from 'node:http';
import { AnswerTooLargeError, createAnswerPlan, cutAnswerPlan, type AnswerPlan } from './create-answer-plan.js';
import { FAULT_AFTER_DELTAS } from './create-answer-steps.js';
import { createUsage, type GroqUsage } from './create-usage.js';
import type { RequestSettings } from './mock-groq-server-options.js';
import type { MockServerContext } from './mock-server-context.js';
import type { MockServerStats } from './mock-stats.js';
import { resolveRequestSettings } from './resolve-request-settings.js';
import type { Pace } from './run-answer-stream.js';
import {
  badGatewayError,
  capacityError,
  dailyRateLimitHeaders,
  dailyTokenLimit,
  minuteTokenLimit,
  overCapacityError,
  rateLimitError,
  rateLimitHeaders,
  requestTooLargeError,
  serverError,
  serviceUnavailableError,
} from './scenario-errors.js';
import type { MockScenario } from './scenarios.js';
import { groqError, sendJson, type GroqErrorBody } from './send-json.js';
import type { ChatRequest } from './validate-chat-request.js';

/** Wait before the headers in `slow-headers` when neither `x-mock-ttft-ms` nor the `ttftMs` option sets one. */
const DEFAULT_SLOW_HEADERS_MS = 2000;

// Scenarios that answer with an error status instead of an answer, streaming or not (`capacity` on the flex tier).
const SCENARIO_FAILURES: Partial<Record<MockScenario, { status: number; body: () => GroqErrorBody }>> = {
  'server-error': { status: 500, body: serverError },
  'bad-gateway': { status: 502, body: badGatewayError },
  'service-unavailable': { status: 503, body: serviceUnavailableError },
  capacity: { status: 498, body: capacityError },
};

/** One request for an answer (chat completion or response), read and authorized by the router. */
export interface AnswerExchange {
  request: IncomingMessage;
  response: ServerResponse;
  /** The parsed body and its text, or the message saying why it cannot be read as JSON. */
  body: { json: unknown; text: string } | { invalid: string };
  requestId: string;
  signal: AbortSignal;
}

/** The request to answer, or the error to answer with. */
export type RequestValidation<Request> = { ok: true; request: Request } | { ok: false; status: number; body: GroqErrorBody };

/** An answer decided, to be written in the API's shape. */
export interface PreparedAnswer {
  response: ServerResponse;
  signal: AbortSignal;
  counters: MockServerStats;
  /** Whether the server is closing (`close()`): a held stream it cuts was not released by its client. */
  serverClosing: () => boolean;
  requestId: string;
  plan: AnswerPlan;
  usage: GroqUsage;
  pace: Pace;
  /** The scenario that applies to this request (`none` once a `failTimes` count is used up). */
  scenario: MockScenario;
}

/** How one API reads its requests and writes its answers; everything between is shared. */
export interface AnswerApi<Request extends ChatRequest> {
  /** Checks the parsed body as Groq does, and extracts what the answer depends on; `text` is the body as it came. */
  validate(body: unknown, knownModelsOnly: boolean, text: string): RequestValidation<Request>;
  /** Writes the answer, streamed or not. */
  answer(request: Request, prepared: PreparedAnswer): Promise<void>;
}

/**
 * An authorized request for an answer: validate it, apply the `x-mock-*` headers and the scenario (an error
 * status, or the answer's faults and pace), plan the deterministic answer and its usage, and let `api` write it.
 */
export async function handleAnswerRequest<Request extends ChatRequest>(context: MockServerContext, exchange: AnswerExchange, api: AnswerApi<Request>): Promise<void> {
  const { request, response, body, requestId, signal } = exchange;
  if ('invalid' in body) {
    sendJson(response, 400, groqError(body.invalid, 'invalid_request_error'));
    return;
  }
  const validation = api.validate(body.json, context.knownModelsOnly, body.text);
  if (!validation.ok) {
    sendJson(response, validation.status, validation.body);
    return;
  }
  // The router has set the token limits of the tier the body names (requestedServiceTier), which is chat.serviceTier:
  // every answer to this request reports them, the 400 of an invalid x-mock-* header included.
  const chat = validation.request;
  let settings: RequestSettings;
  try {
    settings = resolveRequestSettings(request.headers, context.defaults);
  } catch (error) {
    sendJson(response, 400, groqError((error as Error).message, 'invalid_request_error', 'invalid_mock_header'));
    return;
  }
  const scenario = context.scenarios.applies(settings.scenario, settings.failTimes) ? settings.scenario : 'none';
  if (scenario === 'rate-limit') {
    sendJson(response, 429, rateLimitError(chat.model, chat.serviceTier, minuteTokenLimit(chat.serviceTier)), rateLimitHeaders(chat.serviceTier));
    return;
  }
  if (scenario === 'rate-limit-daily') {
    sendJson(response, 429, rateLimitError(chat.model, chat.serviceTier, dailyTokenLimit(chat.serviceTier)), dailyRateLimitHeaders(chat.serviceTier));
    return;
  }
  if (scenario === 'request-too-large') {
    sendJson(response, 413, requestTooLargeError(chat.model, chat.serviceTier));
    return;
  }
  if (scenario === 'capacity' && chat.serviceTier !== 'flex') {
    sendJson(response, 503, overCapacityError());
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
  // Raw reasoning is part of the content, as Groq counts it: only parsed or hidden reasoning is detailed.
  const usage = createUsage(chat.promptTokens, plan.completionTokens, settings.tokensPerSecond, plan.reasoning.length + plan.hiddenReasoningTokens);
  const serverClosing = (): boolean => context.closing;
  await api.answer(chat, { response, signal, counters: context.stats.counters, serverClosing, requestId, plan, usage, pace, scenario });
}
