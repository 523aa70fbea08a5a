import { describe, expect, it } from 'vitest';
import { checkChatMessage } from './check-chat-message.js';

const image = { type: 'image_url', image_url: { url: 'https://example.com/moon.png', detail: 'low' } };

describe('checkChatMessage content parts', () => {
  it.each([
    ['an OpenAI input_audio part', { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }, '"input_audio"; this message takes parts of type "text", "image_url", "document"'],
    ['an OpenAI file part', { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'file', file: { file_id: 'f' } }] }, '"file"; this message takes parts of type "text", "image_url", "document"'],
    ["a LangChain standard image block", { role: 'user', content: [{ type: 'image', url: 'https://example.com/moon.png' }] }, '"image"; this message takes parts of type "text", "image_url", "document"'],
    ['an image in a system message', { role: 'system', content: [image] }, '"image_url"; this message takes parts of type "text"'],
    ['an image in a developer message', { role: 'developer', content: [image] }, '"image_url"; this message takes parts of type "text"'],
    ["an OpenAI refusal part in an assistant message", { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }, '"refusal"; this message takes parts of type "text"'],
  ])('refuses %s by its type', (_, message, problem) => {
    const index = Array.isArray(message.content) ? message.content.findIndex((part) => part.type !== 'text') : 0;
    expect(checkChatMessage(message, 3)).toBe(`'messages.3.content.${index}' : discriminator property 'type' has invalid value ${problem}`);
  });

  it.each([
    ['a text part without text', { type: 'text' }, "'messages.0.content.0.text' : property 'text' is missing"],
    ['a text part whose text is not a string', { type: 'text', text: ['a'] }, "'messages.0.content.0.text' : value must be a string"],
    ['an image_url part without image_url', { type: 'image_url' }, "'messages.0.content.0.image_url' : property 'image_url' is missing"],
    ['an image_url part whose image_url is a number', { type: 'image_url', image_url: 7 }, "'messages.0.content.0.image_url' : value must be an object with a 'url'"],
    ['an image_url without url', { type: 'image_url', image_url: { detail: 'low' } }, "'messages.0.content.0.image_url.url' : property 'url' is missing"],
    ['a document part without document', { type: 'document' }, "'messages.0.content.0.document' : property 'document' is missing"],
  ])('refuses %s', (_, part, problem) => {
    expect(checkChatMessage({ role: 'user', content: [part] }, 0)).toBe(problem);
  });

  it("accepts each role's parts as groq-sdk types them, and an image_url given as a bare URL", () => {
    const text = { type: 'text', text: 'a' };
    const document = { type: 'document', document: { data: { title: 'Moon' }, id: 'doc-1' } };
    expect(checkChatMessage({ role: 'user', content: [text, image, document, { type: 'image_url', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'tool', tool_call_id: 'call_1', content: [text, image, document] }, 0)).toBeUndefined();
    for (const role of ['system', 'developer', 'assistant']) expect(checkChatMessage({ role, content: [text] }, 0), role).toBeUndefined();
  });
});

describe('checkChatMessage name and tool_calls', () => {
  const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

  it.each([
    ['a name that is not a string', { role: 'user', content: 'a', name: 7 }, "'messages.0.name' : value must be a string"],
    ['a call that is not an object', { role: 'assistant', tool_calls: [call, 'get_weather'] }, "'messages.0.tool_calls.1' : value must be an object"],
    ['a call without id', { role: 'assistant', tool_calls: [{ ...call, id: undefined }] }, "'messages.0.tool_calls.0.id' : property 'id' is missing"],
    ['a call without type', { role: 'assistant', tool_calls: [{ ...call, type: undefined }] }, "'messages.0.tool_calls.0.type' : property 'type' is missing"],
    ['a call of another type', { role: 'assistant', tool_calls: [{ ...call, type: 'browser_search' }] }, `'messages.0.tool_calls.0.type' : value must be "function"`],
    ['a call without function', { role: 'assistant', content: 'a', tool_calls: [{ id: 'c', type: 'function' }] }, "'messages.0.tool_calls.0.function' : property 'function' is missing"],
    ['a call without a function name', { role: 'assistant', tool_calls: [{ ...call, function: { arguments: '{}' } }] }, "'messages.0.tool_calls.0.function.name' : property 'name' is missing"],
    [
      'a call whose arguments are an object',
      { role: 'assistant', tool_calls: [{ ...call, function: { name: 'f', arguments: { city: 'Paris' } } }] },
      "'messages.0.tool_calls.0.function.arguments' : value must be a string",
    ],
  ])('refuses %s', (_, message, problem) => {
    expect(checkChatMessage(JSON.parse(JSON.stringify(message)), 0)).toBe(problem);
  });

  it('accepts calls as clients send them back, a string or null name, and any name on a function message', () => {
    expect(checkChatMessage({ role: 'assistant', content: null, name: null, tool_calls: [call, { ...call, id: 'call_2' }] }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'user', content: 'a', name: 'ada' }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'function', name: 'get_weather', content: 'sunny' }, 0)).toBeUndefined();
  });
});

describe('checkChatMessage properties', () => {
  const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } };

  // What Groq answers for a property its message schema does not have, as clients have reported it: a
  // `timestamp` on a user message, an `id` on a system message, the `reasoning_content` or `channel` that
  // some clients keep on an assistant message and send back.
  it.each([
    [{ role: 'user', content: 'a', timestamp: 1 }, 'timestamp', "a user message takes 'role', 'content', 'name'"],
    [{ role: 'system', content: 's', id: 'm1' }, 'id', "a system message takes 'role', 'content', 'name'"],
    [{ role: 'developer', content: 's', metadata: {} }, 'metadata', "a developer message takes 'role', 'content', 'name'"],
    [{ role: 'assistant', content: 'b', reasoning_content: 'thought' }, 'reasoning_content', "an assistant message takes 'role', 'content', 'name', 'reasoning', 'tool_calls', 'function_call'"],
    [{ role: 'assistant', content: null, tool_calls: [call], channel: 'analysis' }, 'channel', "an assistant message takes 'role', 'content', 'name', 'reasoning', 'tool_calls', 'function_call'"],
    [{ role: 'tool', tool_call_id: 'call_1', content: 'sunny', is_error: false }, 'is_error', "a tool message takes 'role', 'content', 'tool_call_id', 'name'"],
    [{ role: 'function', name: 'get_weather', content: 'sunny', id: 'f1' }, 'id', "a function message takes 'role', 'content', 'name'"],
    // Null is a value like another: the property is still one the schema does not have.
    [{ role: 'user', content: 'a', refusal: null }, 'refusal', "a user message takes 'role', 'content', 'name'"],
  ])('refuses %j, naming the property and those the role takes', (message, property, takes) => {
    expect(checkChatMessage(message, 2)).toBe(`'messages.2' : property '${property}' is unsupported; ${takes}`);
  });

  it("accepts every property groq-sdk's message types list, and a name on a tool message, which LangChain sends", () => {
    expect(checkChatMessage({ role: 'system', content: 's', name: 'rules' }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'developer', content: 's', name: 'rules' }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'user', content: 'a', name: 'ada' }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'assistant', content: null, name: 'bot', reasoning: 'thought', tool_calls: [call], function_call: null }, 0)).toBeUndefined();
    expect(checkChatMessage({ role: 'tool', tool_call_id: 'call_1', content: 'sunny', name: 'get_weather' }, 0)).toBeUndefined();
  });
});
