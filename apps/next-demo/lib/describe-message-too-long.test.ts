import { chatRelayDefaults } from '@groq-stream/web';
import { describe, expect, test } from 'vitest';
import { describeMessageTooLong } from './describe-message-too-long';

const user = (content: string) => ({ role: 'user', content }) as const;
/** The bytes of `{"messages":[{"role":"user","content":""}]}`, what an empty message's body weighs. */
const envelope = JSON.stringify({ messages: [user('')] }).length;

describe('describeMessageTooLong', () => {
  test('a message whose body fits the relay’s limit is sent', () => {
    expect(describeMessageTooLong(user('Hi'))).toBeUndefined();
    expect(describeMessageTooLong(user('x'.repeat(chatRelayDefaults.maxBodyBytes - envelope)))).toBeUndefined();
  });

  test('one byte over says the size and the limit', () => {
    expect(describeMessageTooLong(user('x'.repeat(chatRelayDefaults.maxBodyBytes - envelope + 1)))).toBe(
      'Your message is 65 KB; the limit is 64 KB. Shorten it and send again.',
    );
    expect(describeMessageTooLong(user('x'.repeat(200_000)))).toBe('Your message is 196 KB; the limit is 64 KB. Shorten it and send again.');
  });

  test('the size is in UTF-8 bytes of the JSON body, as fitConversation and the relay count it', () => {
    // 30,000 characters of 3 bytes each: 90,000 bytes, though under the limit in characters.
    expect(describeMessageTooLong(user('€'.repeat(30_000)))).toMatch(/^Your message is 88 KB;/);
    // A quote is escaped in JSON: two bytes each.
    expect(describeMessageTooLong(user('"'.repeat(40_000)))).toMatch(/^Your message is 79 KB;/);
  });

  test('another limit', () => {
    expect(describeMessageTooLong(user('x'.repeat(2000)), 1024)).toBe('Your message is 2 KB; the limit is 1 KB. Shorten it and send again.');
  });
});
