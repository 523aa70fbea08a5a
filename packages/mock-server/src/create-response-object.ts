import type { AnswerPlan } from './create-answer-plan.js';
import type { GroqUsage } from './create-usage.js';
import type { ChatRequest } from './validate-chat-request.js';
import type { ResponsesRequest } from './validate-responses-request.js';

/** What every event of one response (and its non-streamed form) repeats. */
export interface ResponseMeta {
  /** `resp_…` */
  id: string;
  /** Unix time in seconds. */
  createdAt: number;
  /** The id of the answer's one output item: `msg_…` for a message, `fc_…` for a function call. */
  itemId: string;
}

/** A `Response`'s `status`, as far as the mock's answers go. */
export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The Responses API's usage, from the same counts as Groq's chat usage. */
export function responsesUsage(usage: GroqUsage): Record<string, unknown> {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}

/**
 * The answer's one output item: a `function_call` (`arguments` so far, for a stream under way) or an assistant
 * `message` with one `output_text` part (`text` so far). `status` is the item's: `in_progress` while it streams.
 */
export function createOutputItem(meta: ResponseMeta, plan: AnswerPlan, status: 'in_progress' | 'completed' | 'incomplete', text: string): Record<string, unknown> {
  const call = plan.toolCall;
  if (call !== undefined) return { type: 'function_call', id: meta.itemId, call_id: call.id, name: call.name, arguments: text, status };
  const content = status === 'in_progress' && text === '' ? [] : [outputText(text)];
  return { type: 'message', id: meta.itemId, status, role: 'assistant', content };
}

/** An `output_text` content part. */
export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** The whole text of the answer's item: the message's content, or the function call's arguments. */
export function outputItemText(plan: AnswerPlan): string {
  return plan.toolCall === undefined ? plan.content.join('') : plan.toolCall.argumentPieces.join('');
}

/** What a `Response` holds besides what its request sets. */
export interface ResponseState {
  status: ResponseStatus;
  output: Record<string, unknown>[];
  /** Null until the response is done. */
  usage: GroqUsage | null;
  /** `response.failed`'s reason. */
  error?: { code: string; message: string };
}

/**
 * A `Response` as the Responses API sends it: the answer's status and output, and every field the OpenAI SDK's
 * type requires, with the request's parameters repeated and the API's defaults for those not sent. Groq keeps no
 * state, so `store` is false and `previous_response_id` null. An answer cut by `max_output_tokens` is `incomplete`.
 */
export function createResponseObject(meta: ResponseMeta, request: ResponsesRequest, tier: ChatRequest['serviceTier'], state: ResponseState): Record<string, unknown> {
  const { echo } = request;
  const done = state.status !== 'in_progress';
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.createdAt,
    status: state.status,
    background: false,
    completed_at: state.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions,
    max_output_tokens: echo.max_output_tokens,
    metadata: echo.metadata,
    model: request.model,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: null,
    reasoning: echo.reasoning,
    service_tier: tier,
    store: false,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: 'disabled',
    usage: done && state.usage !== null ? responsesUsage(state.usage) : null,
    user: echo.user,
  };
}

/** The final status of a planned answer: `incomplete` when `max_output_tokens` cut it. */
export function finalStatus(plan: AnswerPlan): 'completed' | 'incomplete' {
  return plan.finishReason === 'length' ? 'incomplete' : 'completed';
}
