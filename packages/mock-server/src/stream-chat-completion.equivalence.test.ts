import { Stream, StreamServerError, type ChatCompletionChunk } from '@groq-stream/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MODEL, postChat, useMockServer } from './test/mock-test-helpers.js';

// The same request, streamed or not, is one answer: the stream merged by core's `finalChatCompletion()` (the
// merge `ChatCompletionAccumulator` exposes) must be the non-streamed `ChatCompletion`, field by field, whatever
// shapes the answer. Left out: what differs from request to request (ids, `created`), and what Groq's stream does
// not carry either: `service_tier` comes only in `stream_options.include_usage`'s chunk, and a whole answer's
// `usage_breakdown: null` is not in the stream (the merge would leave a null out anyway).

const server = useMockServer();

const tool = (name: string) => ({
  type: 'function',
  function: { name, parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 12 }, days: { type: 'integer', minimum: 1 } }, required: ['city'] } },
});
const schema = { type: 'object', properties: { where: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['where'] };
const tools = [tool('get_weather'), tool('get_time')];

/** Whatever shapes an answer (the pace: the usage's times), the body's members each optional; a few combinations are a 400, streamed or not. */
const requests = fc.record({
  // gpt-oss: its reasoning deltas name their channel, which a whole answer's message has not.
  model: fc.constantFrom(MODEL, 'openai/gpt-oss-20b', 'openai/gpt-oss-120b'),
  prompt: fc.oneof(fc.constantFrom('Weather in Zürich 🎉', ''), fc.string({ unit: 'binary', maxLength: 40 })),
  scenario: fc.constantFrom('none', 'tool-calls', 'reasoning', 'stopped-early', 'mid-stream-error'),
  headers: fc.record({ 'x-mock-tokens': fc.nat(80).map(String), 'x-mock-tokens-per-second': fc.constantFrom('0', '4000') }, { requiredKeys: [] }),
  toolResultLast: fc.boolean(),
  // One of each group, not each member on its own: most pairs within a group are a 400.
  reasoning: fc.constantFrom({}, { reasoning_format: 'parsed' }, { reasoning_format: 'raw' }, { reasoning_format: 'hidden' }, { include_reasoning: false }),
  tools: fc.constantFrom({}, { tools }, ...['none', 'auto', 'required', { type: 'function', function: { name: 'get_time' } }].map((choice) => ({ tools, tool_choice: choice }))),
  body: fc.record(
    {
      seed: fc.integer(),
      max_completion_tokens: fc.integer({ min: 1, max: 60 }),
      stop: fc.oneof(fc.constantFrom('.', ' see', '”'), fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 })),
      response_format: fc.constantFrom({ type: 'text' }, { type: 'json_object' }, { type: 'json_schema', json_schema: { name: 'place', schema } }),
      stream_options: fc.record({ include_usage: fc.boolean() }),
      service_tier: fc.constantFrom('auto', 'on_demand', 'flex', 'performance'),
      logprobs: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
});
type EquivalenceCase = typeof requests extends fc.Arbitrary<infer T> ? T : never;

/** A completion without what differs between two requests, or between a stream and a whole answer on Groq too. */
function comparable(completion: Record<string, any>, includeUsage: boolean): Record<string, unknown> {
  const { id, created, usage_breakdown, service_tier, x_groq, ...rest } = completion;
  return {
    ...rest,
    choices: rest.choices.map((choice: Record<string, any>) => ({
      ...choice,
      message: { ...choice.message, tool_calls: choice.message.tool_calls?.map(({ id: callId, ...call }: Record<string, unknown>) => call) },
    })),
    x_groq: { ...x_groq, id: undefined },
    usage_breakdown: usage_breakdown ?? undefined,
    service_tier: includeUsage ? service_tier : undefined,
  };
}

// Run first, whatever fast-check draws: each shape of answer at least once.
const example = (scenario: EquivalenceCase['scenario'], fields: Partial<EquivalenceCase> = {}): [EquivalenceCase] => [
  { model: MODEL, prompt: 'Weather in Zürich 🎉', scenario, headers: {}, toolResultLast: false, reasoning: {}, tools: {}, body: {}, ...fields },
];
const examples = [
  example('none', { body: { stream_options: { include_usage: true }, service_tier: 'flex' } }),
  example('none', { body: { max_completion_tokens: 4, stop: ['.', '”'] } }),
  example('tool-calls', { tools: { tools } }),
  example('none', { tools: { tools, tool_choice: { type: 'function', function: { name: 'get_time' } } } }),
  example('tool-calls', { tools: { tools }, toolResultLast: true }),
  example('reasoning'),
  example('reasoning', { model: 'openai/gpt-oss-120b' }),
  example('reasoning', { reasoning: { reasoning_format: 'raw' }, body: { max_completion_tokens: 20 } }),
  example('reasoning', { reasoning: { reasoning_format: 'hidden' }, body: { stop: ' see' } }),
  example('none', { headers: { 'x-mock-tokens': '5' }, body: { response_format: { type: 'json_schema', json_schema: { name: 'place', schema } } } }),
  example('none', { body: { response_format: { type: 'json_object' }, stop: '”' } }),
  example('stopped-early'),
  example('mid-stream-error', { tools: { tools, tool_choice: 'required' } }),
  example('reasoning', { reasoning: { reasoning_format: 'raw' }, tools: { tools } }),
];

it('accumulates a streamed answer into the non-streamed ChatCompletion of the same request', async () => {
  await fc.assert(
    fc.asyncProperty(requests, async ({ model, prompt, scenario, headers, toolResultLast, reasoning, tools: offered, body }) => {
      const messages: unknown[] = [{ role: 'user', content: prompt }];
      if (toolResultLast) {
        const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
        messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: '21 °C' });
      }
      const request = { model, messages, ...reasoning, ...offered, ...body };
      const sent = { 'x-mock-scenario': scenario, ...headers };
      const whole = await postChat(server.url, { ...request, stream: false }, sent);
      const streamed = await postChat(server.url, { ...request, stream: true }, sent);
      const reference = (await whole.json()) as Record<string, any>;
      if (streamed.status !== 200) {
        expect([streamed.status, await streamed.json()]).toEqual([whole.status, reference]);
        return;
      }
      const completion = Stream.fromSSEResponse<ChatCompletionChunk>(streamed).finalChatCompletion();
      if (whole.status !== 200) {
        // A stream Groq cannot finish fails part way, where the whole answer is a 500 with the same message.
        expect(whole.status).toBe(500);
        const error = await completion.then(() => undefined, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(StreamServerError);
        expect((error as Error).message).toContain(reference.error.message);
        // The error event names the whole answer's status (status_code); `x_groq.error`, a reason only, names none.
        expect((error as StreamServerError).status).toBe(scenario === 'mid-stream-error' ? whole.status : undefined);
        return;
      }
      const includeUsage = body.stream_options?.include_usage === true;
      expect(comparable(await completion, includeUsage)).toEqual(comparable(reference, includeUsage));
    }),
    { numRuns: 100, examples },
  );
});
