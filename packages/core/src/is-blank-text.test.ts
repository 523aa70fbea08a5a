import { describe, expect, test } from 'vitest';
import { ChatRequestError } from './errors/chat-request-error.js';
import { Groq } from './groq.js';
import { isBlankText } from './is-blank-text.js';
import { parseChatRequest } from './parse-chat-request.js';

// What renders as nothing, by class.
const blank = [' \n', '\u00a0\u3000', '\u200b', '\u200c\u200d', ' \u2060 ', '\ufeff\t\u200b', '\u00ad\u034f\ufe0f', '\u3164', '\uffa0\u115f\u1160', '\u2800', '\u{1d159}', '\u0301', '\u0308\u0323', '\u20dd', '\u0000', '\u0007\u001b', '\u007f\u0085\u009f'];
const visible = ['Hi', '.', '\u200bHi\u200d', '\u{1F468}\u200d\u{1F469}', 'a\u0301', '\u2801', 'Hi\u0000', '\u2800x', '\u3164\u3131'];

// The relays' check: a 400 invalid_content naming the message, for a string and for parts of text alike.
const client = new Groq({ apiKey: 'gsk_test_only', fetch: () => Promise.reject(new Error('not used')) });
function refusedAsBlank(content: unknown): boolean {
  try {
    parseChatRequest({ method: 'POST', contentType: 'application/json', body: JSON.stringify({ messages: [{ role: 'user', content }] }) }, { client, model: 'llama-3.3-70b-versatile' });
    return false;
  } catch (error) {
    if (error instanceof ChatRequestError && error.code === 'invalid_content') return true;
    throw error;
  }
}

describe('isBlankText', () => {
  test('white space and characters that render as nothing alone are blank', () => {
    for (const text of ['', ...blank]) expect(isBlankText(text), JSON.stringify(text)).toBe(true);
  });

  test('any visible character is not, with or without invisible ones around it', () => {
    for (const text of visible) expect(isBlankText(text), JSON.stringify(text)).toBe(false);
  });

  test('is what the relays refuse as an empty user message, as a string and as a text part', () => {
    for (const text of [...blank, ...visible]) {
      expect(refusedAsBlank(text), JSON.stringify(text)).toBe(isBlankText(text));
      expect(refusedAsBlank([{ type: 'text', text }]), JSON.stringify(text)).toBe(isBlankText(text));
    }
  });
});
