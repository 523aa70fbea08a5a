import { describe, expect, it } from 'vitest';
import { createUsage } from './create-usage.js';

describe('createUsage', () => {
  it('has Groq keys in Groq order, and completion_tokens_details last only when the model reasoned', () => {
    const keys = ['queue_time', 'prompt_tokens', 'prompt_time', 'completion_tokens', 'completion_time', 'total_tokens', 'total_time'];
    expect(Object.keys(createUsage(10, 5, 0))).toEqual(keys);
    expect(Object.keys(createUsage(10, 5, 0, 0))).toEqual(keys);
    const reasoned = createUsage(10, 5, 0, 3);
    expect(Object.keys(reasoned)).toEqual([...keys, 'completion_tokens_details']);
    expect(reasoned).toMatchObject({ completion_tokens: 5, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 3 } });
  });
});
