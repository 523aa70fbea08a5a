import { isRecord } from './is-record.js';
import { checkString } from './check-chat-parameters.js';

/**
 * The properties each role takes, as groq-sdk's message types list them, plus `name` on a tool message, which
 * LangChain sends with every tool result. Groq refuses any other (a `timestamp`, an `id`, the
 * `reasoning_content` or `channel` some clients keep on an assistant message), even when it is null.
 */
const ROLE_PROPERTIES: Record<string, readonly string[]> = {
  system: ['role', 'content', 'name'],
  developer: ['role', 'content', 'name'],
  user: ['role', 'content', 'name'],
  assistant: ['role', 'content', 'name', 'reasoning', 'tool_calls', 'function_call'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
  function: ['role', 'content', 'name'],
};

/**
 * Checks one entry of `messages` as Groq does, with Groq's style of message (`'messages.2.content' :
 * problem`), or returns undefined when it is fine: a property the role does not take is refused, as Groq
 * refuses it (`'messages.2' : property 'timestamp' is unsupported`).
 *
 * Content may be an array of parts for every role that has content, as groq-sdk's types declare: text
 * parts for `system`, `developer` and `assistant`; text, `image_url` and `document` parts for `user` and
 * `tool`. Each part needs a `type` of its role's and what that type carries: Groq refuses other parts (an
 * OpenAI `input_audio` or `file` part, a LangChain `image` block), so answering them would pass a test
 * that fails against Groq.
 */
export function checkChatMessage(message: unknown, index: number): string | undefined {
  const path = `messages.${index}`;
  if (!isRecord(message)) return `'${path}' : value must be an object`;
  const { role } = message;
  if (role === undefined) return `'${path}' : missing discriminator property 'role'`;
  const properties = typeof role === 'string' && Object.hasOwn(ROLE_PROPERTIES, role) ? ROLE_PROPERTIES[role] : undefined;
  if (properties === undefined) return `'${path}' : discriminator property 'role' has invalid value ${JSON.stringify(role)}`;
  const unknown = Object.keys(message).find((property) => !properties.includes(property));
  if (unknown !== undefined) {
    const article = role === 'assistant' ? 'an' : 'a';
    return `'${path}' : property '${unknown}' is unsupported; ${article} ${role} message takes ${properties.map((property) => `'${property}'`).join(', ')}`;
  }
  // `function` is OpenAI's deprecated forerunner of `tool`: accepted as clients send it.
  if (role === 'function') return undefined;
  const nameProblem = checkString(message.name, `${path}.name`);
  if (nameProblem) return nameProblem;
  if (role === 'assistant') return checkAssistantMessage(message, path);
  if (role === 'tool') {
    if (message.tool_call_id === undefined) return `'${path}.tool_call_id' : property 'tool_call_id' is missing`;
    if (typeof message.tool_call_id !== 'string') return `'${path}.tool_call_id' : value must be a string`;
  }
  if (message.content === undefined) return `'${path}.content' : property 'content' is missing`;
  return checkContent(message.content, `${path}.content`, role === 'user' || role === 'tool' ? ANY_PARTS : TEXT_PARTS);
}

// An assistant message may leave out its content (or send null) when it calls tools instead.
function checkAssistantMessage(message: Record<string, unknown>, path: string): string | undefined {
  const { content, tool_calls: toolCalls } = message;
  if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) return `'${path}.tool_calls' : value must be an array`;
  const callProblem = Array.isArray(toolCalls) ? toolCalls.map((call: unknown, index) => checkToolCall(call, `${path}.tool_calls.${index}`)).find(Boolean) : undefined;
  if (callProblem) return callProblem;
  if (content !== undefined && content !== null) return checkContent(content, `${path}.content`, TEXT_PARTS);
  if (Array.isArray(toolCalls) || (message.function_call !== undefined && message.function_call !== null)) return undefined;
  return content === undefined
    ? `'${path}.content' : property 'content' is missing`
    : `'${path}.content' : value must be a string or an array of content parts when there are no 'tool_calls'`;
}

// A call the assistant made, sent back as the model returned it: `{ id, type: "function", function: { name, arguments } }`.
function checkToolCall(call: unknown, path: string): string | undefined {
  if (!isRecord(call)) return `'${path}' : value must be an object`;
  if (typeof call.id !== 'string') return missingOrNotString(call.id, `${path}.id`, 'id');
  if (call.type !== 'function') return call.type === undefined ? `'${path}.type' : property 'type' is missing` : `'${path}.type' : value must be "function"`;
  const { function: called } = call;
  if (!isRecord(called)) return called === undefined ? `'${path}.function' : property 'function' is missing` : `'${path}.function' : value must be an object`;
  if (typeof called.name !== 'string') return missingOrNotString(called.name, `${path}.function.name`, 'name');
  return typeof called.arguments === 'string' ? undefined : missingOrNotString(called.arguments, `${path}.function.arguments`, 'arguments');
}

// The part types each role takes, as groq-sdk's message types list them.
const TEXT_PARTS = ['text'];
const ANY_PARTS = ['text', 'image_url', 'document'];

function checkContent(content: unknown, path: string, partTypes: string[]): string | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `'${path}' : value must be a string or an array of content parts`;
  for (const [index, part] of content.entries()) {
    const problem = checkContentPart(part, `${path}.${index}`, partTypes);
    if (problem) return problem;
  }
  return undefined;
}

function checkContentPart(part: unknown, path: string, partTypes: string[]): string | undefined {
  if (!isRecord(part)) return `'${path}' : value must be an object`;
  const { type } = part;
  if (type === undefined) return `'${path}' : missing discriminator property 'type'`;
  if (typeof type !== 'string') return `'${path}' : discriminator property 'type' has invalid value ${JSON.stringify(type)}`;
  if (!partTypes.includes(type)) {
    return `'${path}' : discriminator property 'type' has invalid value ${JSON.stringify(type)}; this message takes parts of type ${partTypes.map((name) => `"${name}"`).join(', ')}`;
  }
  if (type === 'text') return typeof part.text === 'string' ? undefined : missingOrNotString(part.text, `${path}.text`, 'text');
  if (type === 'image_url') {
    // An object with a `url` (a URL or a data: URL), as groq-sdk sends it; LangChain's bare URL string is let through.
    const image = part.image_url;
    if (image === undefined || image === null) return `'${path}.image_url' : property 'image_url' is missing`;
    if (typeof image === 'string') return undefined;
    if (!isRecord(image)) return `'${path}.image_url' : value must be an object with a 'url'`;
    return typeof image.url === 'string' ? undefined : missingOrNotString(image.url, `${path}.image_url.url`, 'url');
  }
  return isRecord(part.document) ? undefined : `'${path}.document' : ${part.document === undefined ? "property 'document' is missing" : 'value must be an object'}`;
}

function missingOrNotString(value: unknown, path: string, name: string): string {
  return value === undefined ? `'${path}' : property '${name}' is missing` : `'${path}' : value must be a string`;
}
