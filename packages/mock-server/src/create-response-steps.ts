import type { AnswerPlan } from './create-answer-plan.js';
import { FAULT_AFTER_DELTAS } from './create-answer-steps.js';
import { createOutputItem, createResponseObject, finalStatus, outputItemText, outputText, type ResponseMeta } from './create-response-object.js';
import type { GroqUsage } from './create-usage.js';
import { streamError } from './scenario-errors.js';
import type { ChatRequest } from './validate-chat-request.js';
import type { ResponsesRequest } from './validate-responses-request.js';
import type { SseSteps } from './write-sse-stream.js';

/** What {@link createResponseSteps} needs. */
export interface ResponseStepsOptions {
  meta: ResponseMeta;
  request: ResponsesRequest;
  /** The tier named in the response (`on_demand`, `flex`, `performance`). */
  tier: ChatRequest['serviceTier'];
  plan: AnswerPlan;
  usage: GroqUsage;
  /** The stream is cut after {@link FAULT_AFTER_DELTAS} deltas: no closing events. */
  faulty: boolean;
  /**
   * Groq stopped the answer early (`stopped-early`): after the deltas of the plan (already cut to what is sent),
   * `response.failed` carries this reason as the response's `error`.
   */
  stoppedEarly?: string | undefined;
}

/** The steps of a streamed response, and the `error` event that `mid-stream-error` ends it with. */
export interface ResponseSteps extends SseSteps {
  /** `event: error` with Groq's error inside, numbered after the events already appended. */
  errorEvent(): string;
}

/**
 * The events of a streamed response as paced steps, one a token, each `event: <type>` with `data:` the JSON of
 * the event, whose `type` repeats it and whose `sequence_number` counts from 0. The first step opens the response
 * (`response.created`, `response.in_progress`) and, for text, its message item and content part, with the first
 * `response.output_text.delta`; each further step is one delta. A function call is one step to add its item, then
 * one per piece of its arguments (`response.function_call_arguments.delta`). The last step closes the part and the
 * item and ends with `response.completed` (`response.incomplete` when `max_output_tokens` cut the answer). There is
 * no `data: [DONE]`: as on OpenAI, the stream ends after its last event.
 */
export function createResponseSteps({ meta, request, tier, plan, usage, faulty, stoppedEarly }: ResponseStepsOptions): ResponseSteps {
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const response = (state: Parameters<typeof createResponseObject>[3]): Record<string, unknown> => createResponseObject(meta, request, tier, state);
  const call = plan.toolCall;
  const pieces = call === undefined ? plan.content : call.argumentPieces;
  // A function call's first delta adds its item (named, with no arguments yet), as its first chat delta names it.
  const deltaCount = call === undefined ? pieces.length : pieces.length + 1;
  const sentDeltas = faulty ? Math.min(deltaCount, FAULT_AFTER_DELTAS) : deltaCount;
  const item = { item_id: meta.itemId, output_index: 0 };
  const part = { ...item, content_index: 0 };
  const itemIdJson = JSON.stringify(meta.itemId);

  const opening = (): string => {
    let text = event('response.created', { response: response({ status: 'in_progress', output: [], usage: null }) });
    text += event('response.in_progress', { response: response({ status: 'in_progress', output: [], usage: null }) });
    if (call !== undefined) return text;
    text += event('response.output_item.added', { output_index: 0, item: createOutputItem(meta, plan, 'in_progress', '') });
    return text + event('response.content_part.added', { ...part, part: outputText('') });
  };
  // One delta: built as text, as chat deltas are, since there is one a token.
  const delta = (index: number): string => {
    if (call === undefined) {
      const number = sequence++;
      return (
        'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":' +
        `${number},"item_id":${itemIdJson},"output_index":0,"content_index":0,"delta":${JSON.stringify(pieces[index])},"logprobs":[]}\n\n`
      );
    }
    if (index === 0) return event('response.output_item.added', { output_index: 0, item: createOutputItem(meta, plan, 'in_progress', '') });
    return event('response.function_call_arguments.delta', { ...item, delta: pieces[index - 1] });
  };
  const ending = (): string => {
    const whole = outputItemText(plan);
    if (stoppedEarly !== undefined) {
      const output = [createOutputItem(meta, plan, 'incomplete', whole)];
      return event('response.failed', { response: response({ status: 'failed', output, usage, error: { code: 'server_error', message: stoppedEarly } }) });
    }
    const status = finalStatus(plan);
    const done = createOutputItem(meta, plan, status, whole);
    let text =
      call === undefined
        ? event('response.output_text.done', { ...part, text: whole, logprobs: [] }) + event('response.content_part.done', { ...part, part: outputText(whole) })
        : event('response.function_call_arguments.done', { ...item, name: call.name, arguments: whole });
    text += event('response.output_item.done', { output_index: 0, item: done });
    return text + event(`response.${status}`, { response: response({ status, output: [done], usage }) });
  };

  return {
    // A faulty stream with no delta still opens the response.
    count: faulty ? Math.max(sentDeltas, 1) : sentDeltas + 1,
    append(batch, step) {
      if (step === 0) batch.appendText(opening());
      if (step < sentDeltas) batch.appendText(delta(step));
      else if (!faulty) batch.appendText(ending());
    },
    // openai's types read `code`, `message` and `param` at the top; its stream reader (and OpenAI's own streams)
    // raise the nested `error`: both are sent, so either kind of client reads the failure.
    errorEvent: () => {
      const error = { ...streamError().error, param: null };
      return event('error', { code: error.code ?? null, message: error.message, param: null, error });
    },
  };
}
