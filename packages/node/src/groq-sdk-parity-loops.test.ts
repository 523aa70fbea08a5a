/**
 * Conversation loops of groq-sdk programs, run as groq-sdk-parity.test.ts runs its cases: once with groq-sdk and
 * once with each of our clients, against the mock. What the answer's `message` is when a program pushes it back
 * into `messages`, and so what the next request sends, must be the same: an extra field on our message, or one
 * missing, would change the body Groq gets on the next turn.
 */
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, ourClients, outcomesOn, targetOfMock, type Program, type Target } from './test/groq-sdk-parity.js';

const apiKey = 'gsk_parity_test_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const toolCalls = { headers: { 'x-mock-scenario': 'tool-calls' } };

let mock: MockGroqServer;
let target: Target;

beforeAll(async () => {
  mock = await createMockGroqServer({ apiKeys: [apiKey], knownModelsOnly: true });
  target = targetOfMock(mock);
});
afterAll(() => mock.close());

describe.each(ourClients)('%s', (_name, Ours) => {
  async function expectSameOutcome(program: Program): Promise<void> {
    const outcomes = await outcomesOn(target, program, Ours);
    expect(outcomes.ours).toEqual(outcomes.theirs);
    expect(outcomes.theirs.thrown).toBeUndefined();
  }

  test("a tool-call loop pushes the answer's message back, then the tool's result", async () => {
    await expectSameOutcome(async (Client) => {
      const groq = new Client({ apiKey, baseURL: mock.url });
      const messages: Parameters<typeof groq.chat.completions.create>[0]['messages'] = [{ role: 'user', content: 'Weather in Paris?' }];
      const first = await groq.chat.completions.create({ model, messages, tools: [weatherTool] }, toolCalls);
      const message = first.choices[0]!.message;
      messages.push(message);
      for (const call of message.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: '{"celsius":20}' });
      return [first, await groq.chat.completions.create({ model, messages, tools: [weatherTool] })];
    });
  });

  test('a streamed tool call, joined from its deltas, goes back as the assistant message', async () => {
    await expectSameOutcome(async (Client) => {
      const groq = new Client({ apiKey, baseURL: mock.url });
      const messages: Parameters<typeof groq.chat.completions.create>[0]['messages'] = [{ role: 'user', content: 'Weather in Paris?' }];
      const stream = await groq.chat.completions.create({ model, messages, tools: [weatherTool], stream: true }, toolCalls);
      const calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
      for await (const chunk of stream) {
        for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
          const call = (calls[delta.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
          call.id ||= delta.id ?? '';
          call.function.name += delta.function?.name ?? '';
          call.function.arguments += delta.function?.arguments ?? '';
        }
      }
      messages.push({ role: 'assistant', content: null, tool_calls: calls });
      for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: 'sunny' });
      return [calls, await collect(await groq.chat.completions.create({ model, messages, stream: true }))];
    });
  });

  test("a reasoning model's message, its reasoning included, goes back into the conversation", async () => {
    await expectSameOutcome(async (Client) => {
      const groq = new Client({ apiKey, baseURL: mock.url });
      const messages: Parameters<typeof groq.chat.completions.create>[0]['messages'] = [{ role: 'user', content: 'Think it over' }];
      const params = { model: 'openai/gpt-oss-20b', reasoning_format: 'parsed' as const };
      const first = await groq.chat.completions.create({ ...params, messages }, { headers: { 'x-mock-scenario': 'reasoning' } });
      messages.push(first.choices[0]!.message, { role: 'user', content: 'And then?' });
      return [first, await groq.chat.completions.create({ ...params, messages })];
    });
  });

  test('tee(): both branches read every chunk', async () => {
    await expectSameOutcome(async (Client) => {
      const groq = new Client({ apiKey, baseURL: mock.url });
      const stream = await groq.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
      const [left, right] = stream.tee();
      return Promise.all([collect(left), collect(right)]);
    });
  });
});
