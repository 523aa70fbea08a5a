import { describe, expect, it } from 'vitest';
import { createAnswerPlan, cutAnswerPlan, type AnswerPlan } from './create-answer-plan.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import type { ChatRequest } from './validate-chat-request.js';

const request: ChatRequest = {
  model: 'llama-3.3-70b-versatile',
  stream: true,
  includeUsage: false,
  prompt: 'plan me',
  promptTokens: 10,
  maxTokens: undefined,
  seed: undefined,
  stop: [],
  tool: { name: 'lookup_city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  toolCallForced: false,
  toolCallsAllowed: true,
  toolResultsLast: false,
  jsonFormat: undefined,
  reasoningFormat: 'parsed',
  serviceTier: 'on_demand',
};

describe('createAnswerPlan', () => {
  it('answers with a call of the tool when tool_choice forces one, whatever the scenario', () => {
    for (const scenario of ['none', 'reasoning', 'tool-calls'] as const) {
      const plan = createAnswerPlan({ ...request, toolCallForced: true }, scenario, undefined);
      expect(plan).toMatchObject({ reasoning: [], content: [], finishReason: 'tool_calls', toolCall: { name: 'lookup_city' } });
      expect(JSON.parse(plan.toolCall!.argumentPieces.join(''))).toEqual({ city: 'plan me' });
      expect(plan.completionTokens).toBe(plan.toolCall!.argumentPieces.length + 1);
    }
    expect(createAnswerPlan(request, 'none', undefined).toolCall).toBeUndefined();
  });

  // Else an agent loop against `tool-calls` (openai's runTools, the AI SDK's stopWhen) called the tool
  // again on every step, and never got the final answer.
  it('answers a tool result with text in tool-calls, unless tool_choice forces another call', () => {
    const afterResults = { ...request, toolResultsLast: true };
    expect(createAnswerPlan(request, 'tool-calls', undefined).toolCall).toMatchObject({ name: 'lookup_city' });
    expect(createAnswerPlan(afterResults, 'tool-calls', undefined)).toMatchObject({ toolCall: undefined, content: generateAnswerTokens('plan me'), finishReason: 'stop' });
    expect(createAnswerPlan({ ...afterResults, toolCallForced: true }, 'tool-calls', undefined).toolCall).toMatchObject({ name: 'lookup_city' });
  });

  it('ends the content before a stop sequence, and counts only what is left', () => {
    const plan = createAnswerPlan({ ...request, stop: ['sked'] }, 'none', undefined);
    expect(plan).toMatchObject({ content: ['You', ' a'], finishReason: 'stop', completionTokens: 2 });
    const withReasoning = createAnswerPlan({ ...request, stop: ['sked'] }, 'reasoning', undefined);
    expect(withReasoning.reasoning).toEqual(generateReasoningTokens('plan me'));
    expect(withReasoning.content).toEqual(['You', ' a']);
  });
});

describe('cutAnswerPlan', () => {
  const content: AnswerPlan = { reasoning: ['Let', ' me'], hiddenReasoningTokens: 0, content: generateAnswerTokens('cut', 10), toolCall: undefined, finishReason: 'length', completionTokens: 12 };
  const call: AnswerPlan = {
    reasoning: [],
    hiddenReasoningTokens: 0,
    content: [],
    toolCall: { id: 'call_1', name: 'f', argumentPieces: ['{"a":', '1}'] },
    finishReason: 'tool_calls',
    completionTokens: 3,
  };

  it('keeps the first deltas, reasoning first, counts them, and says stop', () => {
    expect(cutAnswerPlan(content, 3)).toEqual({ ...content, content: content.content.slice(0, 1), finishReason: 'stop', completionTokens: 3 });
    expect(cutAnswerPlan(content, 1)).toEqual({ ...content, reasoning: ['Let'], content: [], finishReason: 'stop', completionTokens: 1 });
  });

  it('counts hidden reasoning in usage: it was generated before the first delta sent', () => {
    const hidden: AnswerPlan = { ...content, reasoning: [], hiddenReasoningTokens: 4, completionTokens: 14 };
    expect(cutAnswerPlan(hidden, 3)).toEqual({ ...hidden, content: content.content.slice(0, 3), finishReason: 'stop', completionTokens: 7 });
    expect(cutAnswerPlan(hidden, 10)).toBe(hidden);
  });

  // It sent the call's name and the first pieces of its arguments: JSON that no client could parse, which
  // Groq, parsing a call before it sends it, never streams.
  it('leaves out a tool call that does not fit whole, and counts the deltas generated before the stop', () => {
    expect(cutAnswerPlan(call, 2)).toEqual({ ...call, toolCall: undefined, finishReason: 'stop', completionTokens: 2 });
    expect(cutAnswerPlan(call, 1)).toEqual({ ...call, toolCall: undefined, finishReason: 'stop', completionTokens: 1 });
    expect(cutAnswerPlan(call, 0)).toEqual({ ...call, toolCall: undefined, finishReason: 'stop', completionTokens: 0 });
  });

  it('leaves an answer that fits as it is', () => {
    expect(cutAnswerPlan(call, 3)).toBe(call);
    expect(cutAnswerPlan(content, 20)).toBe(content);
  });
});
