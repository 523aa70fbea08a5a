import { describe, expect, it } from 'vitest';
import { validateResponsesRequest, type ResponsesRequest } from './validate-responses-request.js';

const MODEL = 'llama-3.3-70b-versatile';

function valid(body: Record<string, unknown>): ResponsesRequest {
  const validation = validateResponsesRequest({ model: MODEL, ...body }, false);
  if (!validation.ok) throw new Error(`refused: ${validation.body.error.message}`);
  return validation.request;
}

function refusal(body: Record<string, unknown>, knownModelsOnly = false): { status: number; message: string } {
  const validation = validateResponsesRequest(body, knownModelsOnly);
  if (validation.ok) throw new Error('expected a refusal');
  return { status: validation.status, message: validation.body.error.message };
}

describe('validateResponsesRequest', () => {
  it('reads a string input as the prompt, with the defaults the response repeats', () => {
    const request = valid({ input: 'Hi there' });
    expect(request).toMatchObject({ prompt: 'Hi there', stream: false, maxTokens: undefined, instructions: null, toolResultsLast: false, reasoningFormat: 'hidden', serviceTier: 'on_demand' });
    expect(request.echo).toEqual({
      max_output_tokens: null,
      metadata: {},
      parallel_tool_calls: true,
      reasoning: null,
      temperature: 1,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      user: null,
    });
  });

  it('takes the prompt from the last user message, and counts every item and the instructions in the prompt tokens', () => {
    const input = [
      { role: 'developer', content: 'Be kind.' },
      { role: 'user', content: [{ type: 'input_text', text: 'first ' }, { type: 'input_image', image_url: 'https://example.com/a.png' }, { type: 'input_text', text: 'question' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an answer' }] },
    ];
    const request = valid({ input, instructions: 'Answer in French.' });
    expect(request.prompt).toBe('first question');
    const without = valid({ input });
    expect(request.promptTokens).toBe(without.promptTokens + 4 + Math.ceil('Answer in French.'.length / 4));
  });

  it('sees a function_call_output last as a tool result, and repeats tools, tool_choice, limits and format', () => {
    const tools = [{ type: 'function', name: 'f', parameters: { type: 'object' } }, { type: 'web_search' }];
    const text = { format: { type: 'json_schema', name: 'out', schema: { type: 'object' } } };
    const request = valid({
      input: [
        { role: 'user', content: 'x' },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: 'done' },
      ],
      tools,
      tool_choice: { type: 'function', name: 'f' },
      max_output_tokens: 20,
      text,
      temperature: 0.2,
    });
    expect(request).toMatchObject({ prompt: 'x', toolResultsLast: true, toolCallForced: true, tool: { name: 'f' }, maxTokens: 20, jsonFormat: { schema: { type: 'object' } } });
    expect(request.echo).toMatchObject({ tools, tool_choice: { type: 'function', name: 'f' }, max_output_tokens: 20, text, temperature: 0.2 });
  });

  it('accepts store: false, reasoning items and null for optional parameters', () => {
    expect(valid({ input: [{ type: 'reasoning', summary: [] }, { role: 'user', content: 'y' }], store: false, previous_response_id: null, instructions: null, tools: null }).prompt).toBe('y');
  });

  it('refuses max_output_tokens above the model limit, and an unknown model with knownModelsOnly', () => {
    expect(refusal({ model: MODEL, input: 'x', max_output_tokens: 40_000 })).toEqual({
      status: 400,
      message: '`max_output_tokens` must be less than or equal to `32768`, the maximum value for `max_output_tokens` is less than the `context_window` for this model',
    });
    expect(refusal({ model: 'no-such-model', input: 'x' }, true)).toMatchObject({ status: 404, message: expect.stringContaining('`no-such-model` does not exist') });
  });

  it.each([
    [{ input: [{ foo: 1 }] }, "'input.0' : missing discriminator property 'type'"],
    [{ input: [{ type: 'computer_call_output' }] }, `'input.0' : discriminator property 'type' has invalid value "computer_call_output"; supported: "message", "function_call", "function_call_output", "reasoning"`],
    [{ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }, "'input.0.arguments' : value must be a string"],
    [{ input: [{ role: 'user' }] }, "'input.0.content' : property 'content' is missing"],
    [{ input: 'x', text: { format: { type: 'xml' } } }, `'text.format.type' : value must be one of "text", "json_object", "json_schema"`],
    [{ input: 'x', tool_choice: 'required' }, `'tool_choice' : "required" needs at least one function in 'tools'`],
    [{ input: 'x', tool_choice: { type: 'function' }, tools: [{ type: 'function', name: 'f' }] }, "'tool_choice.name' : property 'name' is missing"],
    [{ input: 'x', metadata: 'tag' }, "'metadata' : value must be an object"],
    [{ input: 'x', service_tier: 'priority' }, `'service_tier' : value must be one of "auto", "on_demand", "flex", "performance"`],
  ])('%j: %s', (body, message) => {
    expect(refusal({ model: MODEL, ...body })).toEqual({ status: 400, message });
  });
});
