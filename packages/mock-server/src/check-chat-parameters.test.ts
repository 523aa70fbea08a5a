import { describe, expect, it } from 'vitest';
import { checkChatParameters } from './check-chat-parameters.js';

describe('checkChatParameters', () => {
  it.each([
    [{ parallel_tool_calls: 'yes' }, "'parallel_tool_calls' : value must be a boolean"],
    [{ reasoning_effort: 'minimal' }, `'reasoning_effort' : value must be one of "none", "default", "low", "medium", "high"`],
    [{ reasoning_effort: 2 }, `'reasoning_effort' : value must be one of "none", "default", "low", "medium", "high"`],
  ])('refuses %j', (body, problem) => {
    expect(checkChatParameters(body)).toBe(problem);
  });

  it.each([{ parallel_tool_calls: false }, { parallel_tool_calls: null }, { reasoning_effort: 'default' }, { reasoning_effort: 'high' }, { reasoning_effort: null }])(
    'accepts %j',
    (body) => {
      expect(checkChatParameters(body)).toBeUndefined();
    },
  );
});
