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
