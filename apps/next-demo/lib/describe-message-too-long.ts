import { chatRelayDefaults } from '@groq-stream/web';
import type { ChatMessage } from './stream-chat';

/**
 * What the page says instead of sending `message` when it alone cannot fit the relay's body limit, or
 * `undefined` when it fits. The size is `fitConversation`'s: the UTF-8 bytes of the body
 * `{ messages: [message] }`. fitConversation keeps such a message, drops every earlier turn and leaves the
 * relay to answer 413 after the whole body is uploaded; checked first, nothing is sent and nothing is lost.
 */
export function describeMessageTooLong(message: ChatMessage, maxBodyBytes: number = chatRelayDefaults.maxBodyBytes): string | undefined {
  const bytes = new TextEncoder().encode(JSON.stringify({ messages: [message] })).byteLength;
  if (bytes <= maxBodyBytes) return undefined;
  // Rounded up, so that a message just over the limit never reads as the limit itself.
  return `Your message is ${Math.ceil(bytes / 1024)} KB; the limit is ${Math.floor(maxBodyBytes / 1024)} KB. Shorten it and send again.`;
}
