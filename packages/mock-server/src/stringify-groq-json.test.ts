import { describe, expect, it } from 'vitest';
import { stringifyGroqJson } from './stringify-groq-json.js';

describe('stringifyGroqJson', () => {
  const usage = { queue_time: 0.021342, prompt_tokens: 8, prompt_time: 0, completion_tokens: 20, completion_time: 1, total_tokens: 28, total_time: 2 };
  const floats = '{"queue_time":0.021342,"prompt_tokens":8,"prompt_time":0.0,"completion_tokens":20,"completion_time":1.0,"total_tokens":28,"total_time":2.0}';

  it('writes whole usage times with a decimal point, in a usage object and wherever usage is in an answer', () => {
    expect(stringifyGroqJson(usage)).toBe(floats);
    const chunk = { x_groq: { id: 'req_1', usage }, usage, created: 1 };
    expect(stringifyGroqJson(chunk)).toBe(`{"x_groq":{"id":"req_1","usage":${floats}},"usage":${floats},"created":1}`);
    const completion = { choices: [{ message: { content: 'text' } }], usage, x_groq: { id: 'req_1', seed: 2 } };
    expect(stringifyGroqJson(completion)).toBe(`{"choices":[{"message":{"content":"text"}}],"usage":${floats},"x_groq":{"id":"req_1","seed":2}}`);
    expect(JSON.parse(stringifyGroqJson(completion))).toEqual(completion);
  });

  it('leaves text that only looks like a usage time alone', () => {
    const message = { content: '"usage":{"completion_time":1}', arguments: '{"total_time":2,"a\\\\":{"queue_time":3}}', keyed: { 'x"completion_time': 4 } };
    expect(stringifyGroqJson(message)).toBe(JSON.stringify(message));
    expect(stringifyGroqJson({ choices: [message], usage })).toBe(`{"choices":[${JSON.stringify(message)}],"usage":${floats}}`);
  });
});

describe('stringifyGroqJson and bigint', () => {
  it('writes a bigint as its digits, and leaves a string of the same characters alone', () => {
    const completion = { choices: [{ delta: { content: '\u00009223372036854775807' } }], x_groq: { id: 'req_1', seed: 2n ** 63n - 1n } };
    expect(stringifyGroqJson(completion)).toBe('{"choices":[{"delta":{"content":"\\u00009223372036854775807"}}],"x_groq":{"id":"req_1","seed":9223372036854775807}}');
    expect(stringifyGroqJson({ seed: -(2n ** 63n), usage: { total_time: 1 } })).toBe('{"seed":-9223372036854775808,"usage":{"total_time":1.0}}');
  });
});
