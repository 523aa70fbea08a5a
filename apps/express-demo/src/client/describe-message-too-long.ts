import { chatRelayDefaults } from '@groq-stream/web';
import type { Message } from './message.js';

/**
 * What the page says instead of sending `message` when it alone cannot fit the relay's body limit, or
 * `undefined` when it fits. The size is fitConversation's: the UTF-8 bytes of `{ messages: [message] }`.
 * fitConversation keeps such a message and drops every earlier turn, and the relay would answer 413 only
 * after the whole body is uploaded.
 */
export function describeMessageTooLong(message: Message, maxBodyBytes = chatRelayDefaults.maxBodyBytes): string | undefined {
  const bytes = new TextEncoder().encode(JSON.stringify({ messages: [message] })).byteLength;
  if (bytes <= maxBodyBytes) return undefined;
  // Rounded up, so that a message just over the limit never reads as the limit itself.
  return `Your message is ${Math.ceil(bytes / 1024)} KB; the limit is ${Math.floor(maxBodyBytes / 1024)} KB. Shorten it and send again.`;
}
