import { describe, expect, test } from 'vitest';
import { fitConversation } from './fit-conversation.js';

const turns = (count: number, size = 10) =>
  Array.from({ length: count }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: `${index}:${'x'.repeat(size)}` }));
const bodyBytes = (messages: unknown[], other = {}) => new TextEncoder().encode(JSON.stringify({ ...other, messages })).byteLength;

describe('fitConversation', () => {
  test('a conversation within the limits is sent whole', () => {
    const conversation = turns(7);
    expect(fitConversation(conversation)).toEqual(conversation);
  });

  test('at most maxMessages, the latest, starting with a user message', () => {
    const conversation = turns(121);
    const fitted = fitConversation(conversation);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted.at(-1)).toBe(conversation.at(-1));
    expect(fitted[0]!.role).toBe('user');
    expect(fitted).toEqual(conversation.slice(conversation.length - fitted.length));
  });

  test('the body, with its other fields, fits in maxBodyBytes exactly as the relay counts it', () => {
    const conversation = turns(41, 2_000);
    const other = { model: 'llama-3.1-8b-instant' };
    const fitted = fitConversation(conversation, { maxBodyBytes: 20_000, otherFields: other });
    expect(bodyBytes(fitted, other)).toBeLessThanOrEqual(20_000);
    // One more message would not have fit (or would start with an answer).
    const more = conversation.slice(conversation.length - fitted.length - 2);
    expect(bodyBytes(more, other)).toBeGreaterThan(20_000);
    expect(fitted[0]!.role).toBe('user');
  });

  test('counts bytes, not characters', () => {
    const conversation = [
      { role: 'user', content: 'é'.repeat(600) },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'again' },
    ];
    expect(fitConversation(conversation, { maxBodyBytes: 1_000 })).toEqual(conversation.slice(2));
  });

  test('the last message is kept even when it alone is too large: the relay then says so', () => {
    const conversation = turns(3, 5_000);
    expect(fitConversation(conversation, { maxBodyBytes: 1_000 })).toEqual(conversation.slice(2));
  });
});
