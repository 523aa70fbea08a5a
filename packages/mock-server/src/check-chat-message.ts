import { isRecord } from './is-record.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/**
 * Checks one entry of `messages` as Groq does, with Groq's style of message (`'messages.2.content' :
 * problem`), or returns undefined when it is fine. Only what each role needs is checked: properties the
 * mock does not know (`name`, `reasoning`, …) are left alone, since clients send fields that Groq accepts.
 *
 * Content may be an array of parts for every role that has content, as groq-sdk's types declare: text
 * parts for `system` and `assistant`, any part for `user` and `tool`. Each part needs a `type`.
 */
export function checkChatMessage(message: unknown, index: number): string | undefined {
  const path = `messages.${index}`;
  if (!isRecord(message)) return `'${path}' : value must be an object`;
  const { role } = message;
  if (role === undefined) return `'${path}' : missing discriminator property 'role'`;
  if (typeof role !== 'string' || !ROLES.has(role)) return `'${path}' : discriminator property 'role' has invalid value ${JSON.stringify(role)}`;
  if (role === 'assistant') return checkAssistantMessage(message, path);
  // `function` is OpenAI's deprecated forerunner of `tool`: accepted as clients send it.
  if (role === 'function') return undefined;
  if (role === 'tool') {
    if (message.tool_call_id === undefined) return `'${path}.tool_call_id' : property 'tool_call_id' is missing`;
    if (typeof message.tool_call_id !== 'string') return `'${path}.tool_call_id' : value must be a string`;
  }
  if (message.content === undefined) return `'${path}.content' : property 'content' is missing`;
  return checkContent(message.content, `${path}.content`);
}

// An assistant message may leave out its content (or send null) when it calls tools instead.
function checkAssistantMessage(message: Record<string, unknown>, path: string): string | undefined {
  const { content, tool_calls: toolCalls } = message;
  if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) return `'${path}.tool_calls' : value must be an array`;
  if (content !== undefined && content !== null) return checkContent(content, `${path}.content`);
  if (Array.isArray(toolCalls) || (message.function_call !== undefined && message.function_call !== null)) return undefined;
  return content === undefined
    ? `'${path}.content' : property 'content' is missing`
    : `'${path}.content' : value must be a string or an array of content parts when there are no 'tool_calls'`;
}

function checkContent(content: unknown, path: string): string | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `'${path}' : value must be a string or an array of content parts`;
  for (const [index, part] of content.entries()) {
    if (!isRecord(part)) return `'${path}.${index}' : value must be an object`;
    if (part.type === undefined) return `'${path}.${index}' : missing discriminator property 'type'`;
    if (typeof part.type !== 'string') return `'${path}.${index}' : discriminator property 'type' has invalid value ${JSON.stringify(part.type)}`;
  }
  return undefined;
}
