import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, expectGroqError, MODEL, postChat } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const lookupTool = { type: 'function', function: { name: 'lookup_city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('body validation', () => {
  async function send(body: string): Promise<Response> {
    return fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body });
  }

  it.each([
    ['invalid JSON', '{"model":', /not valid JSON/],
    ['an empty body', '', /not valid JSON: the body is empty/],
    ['a body that is not an object', '[1,2]', /must be a JSON object/],
    ['a missing model', JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }), /'model' : property 'model' is missing/],
    ['a non-string model', JSON.stringify({ model: 7, messages: [{ role: 'user', content: 'x' }] }), /'model' : value must be a non-empty string/],
    ['missing messages', JSON.stringify({ model: MODEL }), /'messages' : property 'messages' is missing/],
    ['non-array messages', JSON.stringify({ model: MODEL, messages: 'hi' }), /'messages' : value must be an array/],
    ['empty messages', JSON.stringify({ model: MODEL, messages: [] }), /'messages' : minimum number of items is 1/],
    ['a message that is not an object', JSON.stringify({ model: MODEL, messages: ['hi'] }), /'messages.0' : value must be an object/],
    ['a message without role', JSON.stringify({ model: MODEL, messages: [{ content: 'x' }] }), /'messages.0' : missing discriminator property 'role'/],
    [
      'an unknown role',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'robot', content: 'x' }] }),
      /'messages.1' : discriminator property 'role' has invalid value "robot"/,
    ],
    ['n > 1', JSON.stringify({ ...chatBody('x'), n: 2 }), /'n' : number must be at most 1/],
    ['tools that are not a list', JSON.stringify({ ...chatBody('x'), tools: 'lookup_city' }), /'tools' : value must be an array/],
    ['a tool that is not an object', JSON.stringify({ ...chatBody('x'), tools: [lookupTool, 7] }), /'tools.1' : value must be an object/],
    ['a tool without a type', JSON.stringify({ ...chatBody('x'), tools: [{ function: { name: 'f' } }] }), /'tools.0' : property 'type' is missing/],
    ['a function tool without a name', JSON.stringify({ ...chatBody('x'), tools: [{ type: 'function', function: { parameters: {} } }] }), /'tools.0.function.name' : property 'name' is missing/],
    ['an unknown service_tier', JSON.stringify({ ...chatBody('x'), service_tier: 'gold' }), /'service_tier' : value must be one of "auto", "on_demand", "flex", "performance"/],
    ['a non-boolean stream', JSON.stringify({ ...chatBody('x'), stream: 'yes' }), /'stream' : value must be a boolean/],
    ['max_completion_tokens of 0', JSON.stringify({ ...chatBody('x'), max_completion_tokens: 0 }), /'max_completion_tokens' : number must be at least 1/],
    ['fractional max_tokens', JSON.stringify({ ...chatBody('x'), max_tokens: 1.5 }), /'max_tokens' : value must be an integer/],
    ['an invalid max_tokens beside a valid max_completion_tokens', JSON.stringify({ ...chatBody('x'), max_completion_tokens: 10, max_tokens: 'many' }), /'max_tokens' : value must be an integer/],
    [
      'max_completion_tokens above the model\'s limit',
      JSON.stringify({ ...chatBody('x'), model: 'llama-3.3-70b-versatile', max_completion_tokens: 32769 }),
      /^`max_completion_tokens` must be less than or equal to `32768`, the maximum value for `max_completion_tokens` is less than the `context_window` for this model$/,
    ],
    ['max_tokens above the model\'s limit', JSON.stringify({ ...chatBody('x'), model: 'meta-llama/llama-4-scout-17b-16e-instruct', max_tokens: 8193 }), /^`max_tokens` must be less than or equal to `8192`/],
    ['temperature above 2', JSON.stringify({ ...chatBody('x'), temperature: 2.5 }), /'temperature' : number must be at most 2/],
    ['a negative temperature', JSON.stringify({ ...chatBody('x'), temperature: -1 }), /'temperature' : number must be at least 0/],
    ['a non-number temperature', JSON.stringify({ ...chatBody('x'), temperature: 'hot' }), /'temperature' : value must be a number/],
    ['top_p above 1', JSON.stringify({ ...chatBody('x'), top_p: 1.5 }), /'top_p' : number must be at most 1/],
    ['presence_penalty below -2', JSON.stringify({ ...chatBody('x'), presence_penalty: -3 }), /'presence_penalty' : number must be at least -2/],
    ['frequency_penalty above 2', JSON.stringify({ ...chatBody('x'), frequency_penalty: 9 }), /'frequency_penalty' : number must be at most 2/],
    ['a non-integer seed', JSON.stringify({ ...chatBody('x'), seed: 'abc' }), /'seed' : value must be an integer/],
    // 2^63, which JSON.parse reads as the same number as 2^63 - 1: the check reads the digits sent.
    [
      'a seed above the int64 range',
      JSON.stringify({ ...chatBody('x'), seed: 0 }).replace('"seed":0', '"seed":9223372036854775808'),
      /^'seed' : number must be at most 9223372036854775807$/,
    ],
    [
      'a seed below the int64 range',
      JSON.stringify({ ...chatBody('x'), seed: 0 }).replace('"seed":0', '"seed":-9223372036854775809'),
      /^'seed' : number must be at least -9223372036854775808$/,
    ],
    ['a seed far above the int64 range', JSON.stringify({ ...chatBody('x'), seed: 1e30 }), /^'seed' : number must be at most 9223372036854775807$/],
    // JSON.parse reads it as the integer 2^53 + 2; the digits sent are not an integer.
    [
      'a fractional seed past 2^53',
      JSON.stringify({ ...chatBody('x'), seed: 0 }).replace('"seed":0', '"seed":9007199254740993.5'),
      /^'seed' : value must be an integer$/,
    ],
    ['a non-boolean logprobs', JSON.stringify({ ...chatBody('x'), logprobs: 'yes' }), /'logprobs' : value must be a boolean/],
    ['top_logprobs above 20', JSON.stringify({ ...chatBody('x'), top_logprobs: 21 }), /'top_logprobs' : number must be at most 20/],
    ['a fractional top_logprobs', JSON.stringify({ ...chatBody('x'), top_logprobs: 2.5 }), /'top_logprobs' : value must be an integer/],
    ['five stop sequences', JSON.stringify({ ...chatBody('x'), stop: ['a', 'b', 'c', 'd', 'e'] }), /'stop' : maximum number of items is 4/],
    ['a stop sequence that is not a string', JSON.stringify({ ...chatBody('x'), stop: ['a', 1] }), /'stop.1' : value must be a string/],
    ['a stop that is neither a string nor an array', JSON.stringify({ ...chatBody('x'), stop: 5 }), /'stop' : value must be a string or an array of strings/],
    ['a non-string user', JSON.stringify({ ...chatBody('x'), user: 7 }), /'user' : value must be a string/],
    ['a stream_options that is not an object', JSON.stringify({ ...chatBody('x'), stream_options: true }), /'stream_options' : value must be an object/],
    [
      'an include_usage that is not a boolean',
      JSON.stringify({ ...chatBody('x'), stream_options: { include_usage: 'yes' } }),
      /'stream_options.include_usage' : value must be a boolean/,
    ],
    ['a user message without content', JSON.stringify({ model: MODEL, messages: [{ role: 'user' }] }), /'messages.0.content' : property 'content' is missing/],
    [
      'a user message whose content is a number',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 42 }] }),
      /'messages.0.content' : value must be a string or an array of content parts/,
    ],
    [
      'a system message whose content is an object',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'system', content: { text: 's' } }] }),
      /'messages.1.content' : value must be a string or an array of content parts/,
    ],
    [
      'a developer message with null content',
      JSON.stringify({ model: MODEL, messages: [{ role: 'developer', content: null }, { role: 'user', content: 'a' }] }),
      /'messages.0.content' : value must be a string or an array of content parts/,
    ],
    [
      'a content part without type',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { text: 'b' }] }] }),
      /'messages.0.content.1' : missing discriminator property 'type'/,
    ],
    [
      'an assistant message with neither content nor tool_calls',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant' }, { role: 'user', content: 'b' }] }),
      /'messages.1.content' : property 'content' is missing/,
    ],
    [
      'an assistant message with null content and no tool_calls',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: null }] }),
      /'messages.1.content' : value must be a string or an array of content parts when there are no 'tool_calls'/,
    ],
    [
      'an assistant message whose content is a number',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 3 }] }),
      /'messages.1.content' : value must be a string or an array of content parts/,
    ],
    [
      'a property a user message does not take',
      JSON.stringify({ model: MODEL, messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'a', timestamp: 1 }] }),
      /^'messages.1' : property 'timestamp' is unsupported; a user message takes 'role', 'content', 'name'$/,
    ],
    [
      'a tool message without tool_call_id',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'tool', content: 'r' }] }),
      /'messages.2.tool_call_id' : property 'tool_call_id' is missing/,
    ],
    [
      'a tool message whose content is an object',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'tool', tool_call_id: 'c', content: { a: 1 } }] }),
      /'messages.2.content' : value must be a string or an array of content parts/,
    ],
    [
      'a tool message without content',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'tool', tool_call_id: 'c' }] }),
      /'messages.2.content' : property 'content' is missing/,
    ],
    [
      'tool_choice naming a function that tools does not offer',
      JSON.stringify({ ...chatBody('x'), tools: [lookupTool], tool_choice: { type: 'function', function: { name: 'get_forecast' } } }),
      /'tool_choice.function.name' : there is no function "get_forecast" in 'tools'/,
    ],
    ['tool_choice "required" without tools', JSON.stringify({ ...chatBody('x'), tool_choice: 'required' }), /^'tool_choice' : "required" needs at least one tool in 'tools'$/],
    ['tool_choice "required" with an empty tools list', JSON.stringify({ ...chatBody('x'), tools: [], tool_choice: 'required' }), /^'tool_choice' : "required" needs at least one tool in 'tools'$/],
    ['an unknown tool_choice', JSON.stringify({ ...chatBody('x'), tools: [lookupTool], tool_choice: 'always' }), /'tool_choice' : value must be one of "none", "auto", "required"/],
    [
      'a tool message whose tool_call_id is not a string',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'tool', tool_call_id: 7, content: 'r' }] }),
      /^'messages.1.tool_call_id' : value must be a string$/,
    ],
    [
      'assistant tool_calls that are not a list',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', tool_calls: 'lookup_city' }] }),
      /^'messages.1.tool_calls' : value must be an array$/,
    ],
    ['a content part that is not an object', JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: ['hi'] }] }), /^'messages.0.content.0' : value must be an object$/],
    [
      'a content part whose type is not a string',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: [{ type: 7, text: 'hi' }] }] }),
      /^'messages.0.content.0' : discriminator property 'type' has invalid value 7$/,
    ],
    [
      'a json_schema without a name',
      JSON.stringify({ ...chatBody('x'), response_format: { type: 'json_schema', json_schema: { schema: { type: 'object' } } } }),
      /^'response_format.json_schema.name' : property 'name' is missing$/,
    ],
    [
      'a json_schema whose schema is a string',
      JSON.stringify({ ...chatBody('x'), response_format: { type: 'json_schema', json_schema: { name: 'city', schema: '{"type":"object"}' } } }),
      /^'response_format.json_schema.schema' : value must be an object$/,
    ],
    [
      'a json_schema whose strict is not a boolean',
      JSON.stringify({ ...chatBody('x'), response_format: { type: 'json_schema', json_schema: { name: 'city', strict: 'true', schema: { type: 'object' } } } }),
      /^'response_format.json_schema.strict' : value must be a boolean$/,
    ],
    ['a function tool whose parameters are a string', JSON.stringify({ ...chatBody('x'), tools: [{ type: 'function', function: { name: 'f', parameters: '{}' } }] }), /^'tools.0.function.parameters' : value must be an object$/],
    ['a function tool without its function', JSON.stringify({ ...chatBody('x'), tools: [{ type: 'function' }] }), /^'tools.0.function' : property 'function' is missing$/],
    [
      'a tool_choice function without a name',
      JSON.stringify({ ...chatBody('x'), tools: [lookupTool], tool_choice: { type: 'function', function: {} } }),
      /^'tool_choice.function.name' : property 'name' is missing$/,
    ],
  ])('answers 400 invalid_request_error for %s', async (_, body, message) => {
    expect(await expectGroqError(await send(body), 400, 'invalid_request_error')).toMatch(message);
  });

  it('accepts every OpenAI role, content parts, n = 1 and any model name by default', async () => {
    const response = await postChat(server.url, {
      model: 'my-own-fine-tune',
      n: 1,
      stream: false,
      messages: [
        { role: 'system', content: 's' },
        { role: 'developer', content: 'd' },
        { role: 'user', content: [{ type: 'text', text: 'first' }] },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', content: 'r', tool_call_id: 'c' },
        { role: 'function', content: 'f', name: 'n' },
        { role: 'user', content: [{ type: 'text', text: 'Parts ' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'joined' }] },
      ],
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { model: string; choices: [{ message: { content: string } }] };
    expect(completion.model).toBe('my-own-fine-tune');
    expect(completion.choices[0].message.content).toMatch(/^You asked: “Parts joined”\./u);
  });

  it('accepts an assistant message that calls a function the deprecated way, with content null', async () => {
    const response = await postChat(server.url, {
      model: MODEL,
      stream: false,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{}' } },
        { role: 'function', name: 'get_weather', content: 'sunny' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(response.status).toBe(200);
  });

  it('answers a conversation without a user message as an empty prompt', async () => {
    const response = await postChat(server.url, { model: MODEL, stream: false, messages: [{ role: 'system', content: 'Be brief.' }] });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { choices: [{ message: { content: string } }] };
    expect(completion.choices[0].message.content).toMatch(/^You asked nothing at all\. /);
  });

  it('accepts parameters at their bounds, null wherever OpenAI allows it, and the properties each message takes', async () => {
    const atBounds = { temperature: 2, top_p: 0, presence_penalty: -2, frequency_penalty: 2, seed: -5, logprobs: false, stop: ['a', 'b', 'c', 'd'], user: 'u' };
    const nulls = Object.fromEntries(
      ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'seed', 'logprobs', 'top_logprobs', 'logit_bias', 'stop', 'user', 'n', 'stream', 'stream_options', 'tool_choice', 'tools'].map(
        (name) => [name, null],
      ),
    );
    for (const parameters of [atBounds, nulls, { stop: 'zzz' }, { stop: [] }, { stream_options: { include_usage: true } }, { stream_options: { include_usage: null } }]) {
      const response = await postChat(server.url, chatBody('x', { stream: false, ...parameters }));
      expect(response.status, JSON.stringify(parameters)).toBe(200);
    }
    const response = await postChat(server.url, {
      model: MODEL,
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 's' }], name: 'rules' },
        { role: 'user', content: 'question', name: 'ada' },
        { role: 'assistant', content: '', reasoning: 'thought', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: 'result' }] },
        { role: 'assistant', tool_calls: [{ id: 'd', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'd', content: 'result', name: 'f' },
        { role: 'assistant', content: [{ type: 'text', text: 'parts' }] },
        { role: 'user', content: 'last' },
      ],
    });
    expect(response.status).toBe(200);
  });

  // Groq's compatibility page lists them as a 400 when supplied; a user probing every model got, for logprobs,
  // {"error":{"message":"`logprobs` is not supported with this model","type":"invalid_request_error","param":"logprobs"}}.
  it.each([
    ['logprobs: true', { logprobs: true }, 'logprobs'],
    ['top_logprobs', { top_logprobs: 0 }, 'top_logprobs'],
    ['logit_bias', { logit_bias: { '50256': -100 } }, 'logit_bias'],
    ['an empty logit_bias', { logit_bias: {} }, 'logit_bias'],
  ])("answers %s with Groq's 400, the parameter named in param and no code, streamed or not", async (_, parameters, param) => {
    for (const stream of [true, false]) {
      const response = await postChat(server.url, chatBody('x', { stream, ...parameters }));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: `\`${param}\` is not supported with this model: leave '${param}' out${param === 'logprobs' ? ' (or send false)' : ''}.`, type: 'invalid_request_error', param },
      });
    }
    expect(server.stats().streamsStarted).toBe(0);
  });

  it('answers with the service tier asked for: flex and performance as such, auto or none as on_demand', async () => {
    for (const [tier, served] of [['flex', 'flex'], ['performance', 'performance'], ['auto', 'on_demand'], ['on_demand', 'on_demand'], [undefined, 'on_demand']]) {
      const whole = (await (await postChat(server.url, chatBody('x', { stream: false, service_tier: tier }))).json()) as { service_tier: string };
      expect(whole.service_tier, String(tier)).toBe(served);
      const text = await (await postChat(server.url, chatBody('x', { stream: true, service_tier: tier, stream_options: { include_usage: true } }))).text();
      const last = JSON.parse(text.split('\n\n').filter((frame) => frame.startsWith('data: {')).at(-1)!.slice('data: '.length)) as { service_tier: string };
      expect(last.service_tier, String(tier)).toBe(served);
    }
  });

  it('accepts built-in tools as they are', async () => {
    const response = await postChat(server.url, chatBody('x', { stream: false, tools: [{ type: 'browser_search' }, { type: 'code_interpreter' }, lookupTool] }));
    expect(response.status).toBe(200);
  });

  it('accepts a remote MCP tool as Groq runs it, with the members of an OpenAI Responses MCP tool, also alone with tool_choice "required"', async () => {
    // Groq connects to the server itself and answers with text (and `mcp_list_tools`): like a built-in tool, nothing
    // in it is the mock's to check but its type.
    const mcp = {
      type: 'mcp',
      server_label: 'Huggingface',
      server_url: 'https://huggingface.co/mcp',
      server_description: 'Models and datasets',
      headers: { Authorization: 'Bearer hf_token' },
      allowed_tools: ['model_search'],
      require_approval: 'never',
    };
    expect((await postChat(server.url, chatBody('x', { stream: false, tools: [mcp, lookupTool] }))).status).toBe(200);
    expect((await postChat(server.url, chatBody('x', { stream: false, tools: [mcp], tool_choice: 'required' }))).status).toBe(200);
  });

  it('rejects an invalid x-mock-* header instead of ignoring it', async () => {
    const bad = await postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'explode' });
    expect(await expectGroqError(bad, 400, 'invalid_request_error', 'invalid_mock_header')).toMatch(/x-mock-scenario must be one of none, rate-limit/);
    const negative = await postChat(server.url, chatBody('x'), { 'x-mock-tokens': '-3' });
    expect(await expectGroqError(negative, 400, 'invalid_request_error', 'invalid_mock_header')).toMatch(/x-mock-tokens must be an integer from 0 to 10000000/);
    // 100 million tokens would not fit in the process's memory: refused, not attempted.
    const huge = await postChat(server.url, chatBody('x'), { 'x-mock-tokens': '100000000' });
    expect(await expectGroqError(huge, 400, 'invalid_request_error', 'invalid_mock_header')).toMatch(/x-mock-tokens must be an integer from 0 to 10000000/);
    expect((await postChat(server.url, chatBody('x', { stream: false }), { 'x-mock-tokens': '3' })).status).toBe(200);
    // A misspelt name too: ignored, `drop` would quietly have tested the happy path.
    const misspelt = await postChat(server.url, chatBody('x'), { 'X-Mock-Scenarios': 'drop' });
    expect(await expectGroqError(misspelt, 400, 'invalid_request_error', 'invalid_mock_header')).toBe(
      'x-mock-scenarios is not a header the mock knows; use x-mock-scenario, x-mock-fail-times, x-mock-tokens-per-second, x-mock-ttft-ms, x-mock-tokens.',
    );
    await expect(createMockGroqServer({ tokens: 1e8 })).rejects.toThrow(/tokens must be an integer from 0 to 10000000/);
  });

  it('reads the numbers of x-mock-* headers in decimal notation only, as the CLI reads its flags, and refuses others naming the header and its range', async () => {
    const refused: [Record<string, string>, RegExp][] = [
      [{ 'x-mock-tokens': '0x10' }, /^x-mock-tokens must be an integer from 0 to 10000000, got "0x10"\.$/],
      [{ 'x-mock-tokens': '1e3' }, /^x-mock-tokens must be an integer from 0 to 10000000, got "1e3"\.$/],
      [{ 'x-mock-tokens': '' }, /^x-mock-tokens must be an integer from 0 to 10000000, got ""\.$/],
      [{ 'x-mock-tokens': '2.5' }, /^x-mock-tokens must be an integer from 0 to 10000000, got "2\.5"\.$/],
      [{ 'x-mock-fail-times': '0b1' }, /^x-mock-fail-times must be an integer of at least 0, got "0b1"\.$/],
      [{ 'x-mock-fail-times': '1e3' }, /^x-mock-fail-times must be an integer of at least 0, got "1e3"\.$/],
      [{ 'x-mock-tokens-per-second': '0x10' }, /^x-mock-tokens-per-second must be a number of at least 0, got "0x10"\.$/],
      [{ 'x-mock-tokens-per-second': 'Infinity' }, /^x-mock-tokens-per-second must be a number of at least 0, got "Infinity"\.$/],
      [{ 'x-mock-ttft-ms': '1e3' }, /^x-mock-ttft-ms must be a number of at least 0, got "1e3"\.$/],
      [{ 'x-mock-ttft-ms': '-5' }, /^x-mock-ttft-ms must be a number of at least 0, got "-5"\.$/],
    ];
    for (const [headers, message] of refused) {
      const response = await postChat(server.url, chatBody('x', { stream: false }), headers);
      expect(await expectGroqError(response, 400, 'invalid_request_error', 'invalid_mock_header'), JSON.stringify(headers)).toMatch(message);
    }
    expect(server.stats().streamsStarted).toBe(0);
    // Digits, and a decimal point where a fraction makes sense (a rate, a delay), are taken.
    const taken = await postChat(server.url, chatBody('x', { stream: true }), { 'x-mock-tokens': '3', 'x-mock-tokens-per-second': '500.5', 'x-mock-ttft-ms': '.5', 'x-mock-fail-times': '0' });
    expect(taken.status).toBe(200);
    expect((await taken.text()).match(/"content":"[^"]+"/g)).toHaveLength(3);
  });

  it('answers 404 model_not_found for an unknown model with knownModelsOnly', async () => {
    const strict = await createMockGroqServer({ knownModelsOnly: true });
    try {
      const message = await expectGroqError(await postChat(strict.url, chatBody('x', { model: 'gpt-99' })), 404, 'invalid_request_error', 'model_not_found');
      expect(message).toBe('The model `gpt-99` does not exist or you do not have access to it.');
      // Cut short, as every value the mock quotes back: a 10 KB name made a 10 KB message.
      const long = await expectGroqError(await postChat(strict.url, chatBody('x', { model: 'g'.repeat(10_000) })), 404, 'invalid_request_error', 'model_not_found');
      expect(long).toBe(`The model \`${'g'.repeat(200)}… (10000 characters in all)\` does not exist or you do not have access to it.`);
      expect((await postChat(strict.url, chatBody('x', { stream: false }))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
