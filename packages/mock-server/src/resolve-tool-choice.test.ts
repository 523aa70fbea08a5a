import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, collectToolCall, parseSseFrames, postChat } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const scenario = (name: string) => ({ 'x-mock-scenario': name });

// The chunks of a complete stream, as the async iterable that `collectToolCall` reads a client's stream from.
async function* parseChunks(text: string) {
  for (const frame of parseSseFrames(text)) if (frame.data !== '[DONE]') yield JSON.parse(frame.data);
}

describe('tool-calls and the request', () => {
  const lookup = { type: 'function', function: { name: 'lookup_city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
  const forecast = {
    type: 'function',
    function: {
      name: 'get_forecast',
      parameters: {
        type: 'object',
        properties: { unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
        required: ['unit', 'days'],
      },
    },
  };
  const callOf = async (body: Record<string, unknown>) => {
    const completion = (await (await postChat(server.url, chatBody('Paris?', { stream: false, ...body }), scenario('tool-calls'))).json()) as Record<string, any>;
    return completion.choices[0];
  };

  it('fills the arguments so that they satisfy the tool schema (enum, bounds), as a client validating them requires', async () => {
    const choice = await callOf({ tools: [forecast] });
    expect(JSON.parse(choice.message.tool_calls[0].function.arguments)).toEqual({ unit: 'celsius', days: 7 });
  });

  it('calls the tool that tool_choice names, the first one for auto or required', async () => {
    const forced = await callOf({ tools: [lookup, forecast], tool_choice: { type: 'function', function: { name: 'get_forecast' } } });
    expect(forced.message.tool_calls[0].function.name).toBe('get_forecast');
    for (const toolChoice of ['auto', 'required']) {
      expect((await callOf({ tools: [lookup, forecast], tool_choice: toolChoice })).message.tool_calls[0].function.name).toBe('lookup_city');
    }
  });

  it('calls the tool that tool_choice forces without the tool-calls scenario, streamed and not', async () => {
    const forcedCall = async (toolChoice: unknown, stream: boolean) => {
      const response = await postChat(server.url, chatBody('Paris?', { stream, tools: [lookup, forecast], tool_choice: toolChoice }));
      if (stream) return collectToolCall(parseChunks(await response.text()));
      const choice = ((await response.json()) as Record<string, any>).choices[0];
      expect(choice.message.content).toBeNull();
      const call = choice.message.tool_calls[0].function;
      return { name: call.name, arguments: JSON.parse(call.arguments), finishReason: choice.finish_reason };
    };
    for (const stream of [true, false]) {
      expect(await forcedCall({ type: 'function', function: { name: 'get_forecast' } }, stream)).toEqual({
        name: 'get_forecast',
        arguments: { unit: 'celsius', days: 7 },
        finishReason: 'tool_calls',
      });
      expect(await forcedCall('required', stream)).toEqual({ name: 'lookup_city', arguments: { city: 'Paris?' }, finishReason: 'tool_calls' });
    }
    // "auto" leaves the choice to the model, which the mock makes as text unless the scenario says otherwise.
    const auto = (await (await postChat(server.url, chatBody('Paris?', { stream: false, tools: [lookup], tool_choice: 'auto' }))).json()) as Record<string, any>;
    expect(auto.choices[0].finish_reason).toBe('stop');
  });

  it('answers "required" with only built-in tools with text, as Groq runs them itself, and calls the function beside them', async () => {
    for (const builtIn of [{ type: 'browser_search' }, { type: 'code_interpreter' }]) {
      const response = await postChat(server.url, chatBody('Paris?', { stream: false, tools: [builtIn], tool_choice: 'required' }));
      expect(response.status, builtIn.type).toBe(200);
      const choice = ((await response.json()) as Record<string, any>).choices[0];
      expect(choice.finish_reason).toBe('stop');
      expect(choice.message.content).toMatch(/^You asked/);
    }
    const mixed = (await (await postChat(server.url, chatBody('Paris?', { stream: false, tools: [{ type: 'browser_search' }, lookup], tool_choice: 'required' }))).json()) as Record<string, any>;
    expect(mixed.choices[0].message.tool_calls[0].function.name).toBe('lookup_city');
  });

  it('answers with text when tool_choice is none', async () => {
    const choice = await callOf({ tools: [lookup], tool_choice: 'none' });
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.message.content).toMatch(/^You asked/);
  });
});
