import { describe, expect, it } from 'vitest';
import type { AnswerPlan } from './create-answer-plan.js';
import { FAULT_AFTER_DELTAS } from './create-answer-steps.js';
import { createResponseObject, type ResponseMeta } from './create-response-object.js';
import { createResponseSteps, type ResponseStepsOptions } from './create-response-steps.js';
import { createUsage } from './create-usage.js';
import { SseBatch } from './sse-batch.js';
import { parseSseFrames } from './test/mock-test-helpers.js';
import { validateResponsesRequest, type ResponsesRequest } from './validate-responses-request.js';

const meta: ResponseMeta = { id: 'resp_0123456789abcdefghjkmnpqrstvwx', createdAt: 1795598116, itemId: 'msg_0123456789abcdefghjkmnpqrstvwx' };
const validation = validateResponsesRequest({ model: 'llama-3.3-70b-versatile', input: 'steps' }, false);
if (!validation.ok) throw new Error('the base request must be valid');
const request: ResponsesRequest = validation.request;

function text(content: string[], finishReason: AnswerPlan['finishReason'] = 'stop'): AnswerPlan {
  return { reasoning: [], hiddenReasoningTokens: 0, content, toolCall: undefined, finishReason, completionTokens: content.length };
}
function call(argumentPieces: string[]): AnswerPlan {
  return { ...text([], 'tool_calls'), toolCall: { id: 'call_1', name: 'get_weather', argumentPieces }, completionTokens: argumentPieces.length + 1 };
}

// Every step, one batch each, as the writer appends them; then the events they hold, each checked as a frame.
function run(options: Partial<ResponseStepsOptions> & { plan: AnswerPlan }): { perStep: string[][]; events: Record<string, any>[]; errorEvent: string } {
  const steps = createResponseSteps({ meta, request, tier: 'on_demand', usage: createUsage(10, options.plan.completionTokens, 0), faulty: false, ...options });
  const perStep: string[][] = [];
  const events: Record<string, any>[] = [];
  for (let step = 0; step < steps.count; step++) {
    const batch = new SseBatch(1024);
    steps.append(batch, step);
    const frames = parseSseFrames(batch.take().toString('utf8'));
    perStep.push(frames.map((frame) => frame.event!));
    for (const frame of frames) {
      const data = JSON.parse(frame.data) as Record<string, any>;
      expect(frame.event).toBe(data.type);
      events.push(data);
    }
  }
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  return { perStep, events, errorEvent: steps.errorEvent() };
}

const OPENING = ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added'];
const TEXT_ENDING = ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed'];

describe('createResponseSteps', () => {
  it('opens with the first delta, then one delta a step, then closes in a step of its own', () => {
    const { perStep, events } = run({ plan: text(['a', 'b', 'c']) });
    expect(perStep).toEqual([[...OPENING, 'response.output_text.delta'], ['response.output_text.delta'], ['response.output_text.delta'], TEXT_ENDING]);
    expect(events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta)).toEqual(['a', 'b', 'c']);
    expect(events.at(-1)!.response).toMatchObject({ status: 'completed', output: [{ id: meta.itemId, content: [{ text: 'abc' }] }], usage: { output_tokens: 3 } });
  });

  it('opens and closes in one step when there is no token', () => {
    const { perStep, events } = run({ plan: text([]) });
    expect(perStep).toEqual([[...OPENING, ...TEXT_ENDING]]);
    expect(events.at(-1)!.response.output[0].content).toEqual([{ type: 'output_text', text: '', annotations: [], logprobs: [] }]);
  });

  it('ends with response.incomplete when the plan was cut by the limit', () => {
    const { events } = run({ plan: text(['a'], 'length') });
    expect(events.at(-2)!.item.status).toBe('incomplete');
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('writes a delta with JSON escapes and multi-byte text as JSON.stringify would', () => {
    const tricky = ['"quoted"\n', 'café 🚀', '\u2028'];
    const { events } = run({ plan: text(tricky) });
    expect(events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta)).toEqual(tricky);
  });

  it('streams a function call: its item first, then a step per piece of the arguments', () => {
    const { perStep, events } = run({ plan: call(['{"ci', 'ty":"Lyon"}']) });
    expect(perStep).toEqual([
      ['response.created', 'response.in_progress', 'response.output_item.added'],
      ['response.function_call_arguments.delta'],
      ['response.function_call_arguments.delta'],
      ['response.function_call_arguments.done', 'response.output_item.done', 'response.completed'],
    ]);
    expect(events[2]!.item).toEqual({ type: 'function_call', id: meta.itemId, call_id: 'call_1', name: 'get_weather', arguments: '', status: 'in_progress' });
    expect(events.at(-3)).toMatchObject({ item_id: meta.itemId, output_index: 0, name: 'get_weather', arguments: '{"city":"Lyon"}' });
  });

  it('stops a faulty stream after the first deltas with nothing to close it, and numbers its error event next', () => {
    const { perStep, events, errorEvent } = run({ plan: text(['a', 'b', 'c', 'd', 'e']), faulty: true });
    expect(perStep.flat().filter((type) => type === 'response.output_text.delta')).toHaveLength(FAULT_AFTER_DELTAS);
    expect(perStep.flat().some((type) => TEXT_ENDING.includes(type))).toBe(false);
    const [frame] = parseSseFrames(errorEvent);
    expect(frame!.event).toBe('error');
    expect(JSON.parse(frame!.data)).toMatchObject({ type: 'error', sequence_number: events.length, error: { type: 'internal_server_error', param: null } });
  });

  it('still opens a faulty stream that has no token', () => {
    expect(run({ plan: text([]), faulty: true }).perStep).toEqual([OPENING]);
  });

  it('ends a stream stopped early with response.failed carrying the reason and the text sent', () => {
    const { events } = run({ plan: text(['a', 'b']), stoppedEarly: 'stopped for a reason' });
    expect(events.map((event) => event.type).slice(-2)).toEqual(['response.output_text.delta', 'response.failed']);
    expect(events.at(-1)!.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'stopped for a reason' },
      output: [{ status: 'incomplete', content: [{ text: 'ab' }] }],
      usage: { output_tokens: 2 },
    });
  });

  it('names the tier the response was served on, and takes only such a tier', () => {
    expect(run({ plan: text(['a']), tier: 'flex' }).events.at(-1)!.response.service_tier).toBe('flex');
    // As for the chat chunks (CompletionMeta): ChatRequest.serviceTier, not the body's service_tier as sent.
    // @ts-expect-error -- auto is served on on_demand, not named
    expect(run({ plan: text(['a']), tier: 'auto' }).events.at(-1)!.response.service_tier).toBe('auto');
    // @ts-expect-error -- a misspelt tier
    expect(createResponseObject(meta, request, 'Flex', { status: 'completed', output: [], usage: null }).service_tier).toBe('Flex');
  });
});
