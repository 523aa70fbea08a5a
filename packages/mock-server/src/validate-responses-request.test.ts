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

  it('answers tool_choice "required" with only built-in tools with text, as Groq runs them itself', () => {
    for (const tools of [[{ type: 'browser_search' }], [{ type: 'code_interpreter' }]]) {
      expect(valid({ input: 'x', tools, tool_choice: 'required' })).toMatchObject({ tool: undefined, toolCallForced: false, toolCallsAllowed: true });
    }
  });

  it('accepts store: false, reasoning items and null for optional parameters', () => {
    expect(valid({ input: [{ type: 'reasoning', summary: [] }, { role: 'user', content: 'y' }], store: false, previous_response_id: null, instructions: null, tools: null }).prompt).toBe('y');
    // A chat-completions parameter set to null asks for nothing the answer would ignore.
    expect(valid({ input: 'y', response_format: null, max_tokens: null, max_completion_tokens: null })).toMatchObject({ jsonFormat: undefined, maxTokens: undefined });
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
    [{ input: 'x', tool_choice: 'required' }, `'tool_choice' : "required" needs at least one tool in 'tools'`],
    [{ input: 'x', tool_choice: 'required', tools: [] }, `'tool_choice' : "required" needs at least one tool in 'tools'`],
    [{ input: 'x', tool_choice: { type: 'function' }, tools: [{ type: 'function', name: 'f' }] }, "'tool_choice.name' : property 'name' is missing"],
    [{ input: 'x', metadata: 'tag' }, "'metadata' : value must be an object"],
    [{ input: 'x', service_tier: 'priority' }, `'service_tier' : value must be one of "auto", "on_demand", "flex", "performance"`],
    [{ input: 'x', reasoning: 'high' }, `'reasoning' : value must be an object, such as { "effort": "low" }`],
  ])('%j: %s', (body, message) => {
    expect(refusal({ model: MODEL, ...body })).toEqual({ status: 400, message });
  });

  // A client written for chat completions, pointed at the Responses API: told what to send instead, not
  // answered as if its JSON mode or token limit had been read.
  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, "'input' : property 'input' is missing: 'messages' is a chat-completions parameter; in the Responses API send the conversation as 'input'."],
    [{ input: 'x', response_format: { type: 'json_object' } }, "'response_format' : not a parameter of the Responses API (it is chat completions'); send 'text.format' instead."],
    [{ input: 'x', max_tokens: 5 }, "'max_tokens' : not a parameter of the Responses API (it is chat completions'); send 'max_output_tokens' instead."],
    [{ input: 'x', max_completion_tokens: 5 }, "'max_completion_tokens' : not a parameter of the Responses API (it is chat completions'); send 'max_output_tokens' instead."],
    [
      { input: 'x', tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] },
      `'tools.0.name' : property 'name' is missing: the Responses API declares a function flat, { "type": "function", "name", "parameters" }, not under 'function' as chat does`,
    ],
    [
      { input: 'x', text: { format: { type: 'json_schema', json_schema: { name: 'a', schema: {} } } } },
      "'text.format.name' : property 'name' is missing: in the Responses API, 'name' and 'schema' go in 'text.format' itself, not under 'json_schema' as in chat",
    ],
  ])('a chat-style %j: %s', (body, message) => {
    expect(refusal({ model: MODEL, ...body })).toEqual({ status: 400, message });
  });

  it('accepts input_image parts with an image_url (a URL or a data: URL) or a file_id, and a detail, as for chat whatever the model', () => {
    const content = [
      { type: 'input_text', text: 'What is in these?' },
      { type: 'input_image', image_url: 'https://example.com/moon.png', detail: 'high' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'input_image', file_id: 'file-abc', detail: 'auto' },
    ];
    for (const model of [MODEL, 'meta-llama/llama-4-scout-17b-16e-instruct', 'openai/gpt-oss-20b']) {
      expect(valid({ model, input: [{ role: 'user', content }] }).prompt).toBe('What is in these?');
    }
    // Chat's part types are left alone: some clients convert a few content blocks with their chat converter.
    expect(valid({ input: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }).prompt).toBe('');
  });

  it.each([
    [{ type: 'input_image' }, "'input.0.content.0.image_url' : property 'image_url' is missing: an input_image needs 'image_url' (a URL or a data: URL) or 'file_id'"],
    [{ type: 'input_image', image_url: { url: 'https://example.com/a.png' } }, "'input.0.content.0.image_url' : value must be a string (a URL or a data: URL), not an object as in chat's image_url parts"],
    [{ type: 'input_image', image_url: 'https://example.com/a.png', detail: 'max' }, `'input.0.content.0.detail' : value must be one of "low", "high", "auto", "original"`],
  ])('refuses the input_image %j: %s', (part, message) => {
    expect(refusal({ model: MODEL, input: [{ role: 'user', content: [part] }] })).toEqual({ status: 400, message });
  });
});
