import { chatRelayDefaults } from './chat-relay-options.js';

/** Limits of {@link fitConversation}: the relay's, which default to the relays' own defaults. */
export interface ConversationLimits {
  /** Most messages the relay accepts. Default {@link chatRelayDefaults}.maxMessages (100). */
  maxMessages?: number | undefined;
  /** Most bytes of request body the relay accepts. Default {@link chatRelayDefaults}.maxBodyBytes (64 KiB). */
  maxBodyBytes?: number | undefined;
  /** The other fields of the body (e.g. `{ model }`), which count towards its size. */
  otherFields?: Readonly<Record<string, unknown>> | undefined;
}

/** What {@link fitConversation} needs of a message: its role (any message param has one). */
export interface ConversationMessage {
  /** `user`, `assistant`, ...: the part kept starts with a `user` message. */
  role: string;
}

/**
 * The latest part of a conversation that a relay accepts, for a browser that sends the whole conversation
 * on every turn: the oldest messages are left out until at most `maxMessages` remain and the body
 * `{ ...otherFields, messages }` fits in `maxBodyBytes`, and the part kept starts with a `user` message.
 * The last message is always kept: if it alone is too large, the relay's 413 says so, after the whole body
 * was uploaded, so check a new message first (the UTF-8 bytes of `JSON.stringify({ messages: [message] })`
 * against `maxBodyBytes`, as both demos do) and keep it in the prompt. Returns a new array (the same
 * messages); compare lengths to tell the user that older turns were left out.
 */
export function fitConversation<Message extends ConversationMessage>(messages: readonly Message[], limits: ConversationLimits = {}): Message[] {
  const maxMessages = limits.maxMessages ?? chatRelayDefaults.maxMessages;
  const maxBodyBytes = limits.maxBodyBytes ?? chatRelayDefaults.maxBodyBytes;
  const encoder = new TextEncoder();
  // `{...,"messages":[]}` and a comma between messages: the body is the sum of its parts.
  let bytes = encoder.encode(JSON.stringify({ ...limits.otherFields, messages: [] })).byteLength;
  let start = messages.length;
  while (start > 0 && messages.length - start < maxMessages) {
    const size = encoder.encode(JSON.stringify(messages[start - 1])).byteLength + (start < messages.length ? 1 : 0);
    if (start < messages.length && bytes + size > maxBodyBytes) break;
    bytes += size;
    start -= 1;
  }
  // A conversation the model reads from its middle starts with a question, not an answer to none.
  while (start < messages.length - 1 && messages[start]!.role !== 'user') start += 1;
  return messages.slice(start);
}
