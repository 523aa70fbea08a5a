import { describe, expectTypeOf, test } from 'vitest';
import type {
  ChatCompletionContentPart,
  ChatCompletionContentPartDocument,
  ChatCompletionContentPartImage,
} from './chat-completion-content-part.js';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionRole,
  ChatCompletionUserMessageParam,
} from './chat-completion-message-param.js';
import type {
  ChatCompletionMessageToolCall,
  ChatCompletionNamedToolChoice,
  ChatCompletionToolChoiceOption,
} from './chat-completion-tool.js';

describe('ChatCompletionMessageParam', () => {
  test('takes system, developer, user, assistant and tool messages', () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'developer', content: [{ type: 'text', text: 'Prefer metric units.' }] },
      { role: 'user', content: 'Weather in Paris?', name: 'ada' },
      {
        role: 'assistant',
        content: null,
        reasoning: 'The user wants the weather; call the tool.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
      { role: 'assistant', content: 'It is 21 °C in Paris.' },
    ] satisfies ChatCompletionMessageParam[];
    expectTypeOf(messages).toExtend<ChatCompletionMessageParam[]>();
  });

  test('a user message may mix text, image and document parts', () => {
    const message = {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'document', document: { id: 'doc-1', data: { caption: 'a cat' } } },
      ],
    } satisfies ChatCompletionUserMessageParam;
    expectTypeOf(message.content).toExtend<ChatCompletionContentPart[]>();
  });

  test('rejects wrong roles and malformed messages', () => {
    // @ts-expect-error: not a role
    ({ role: 'bot', content: 'Hi' }) satisfies ChatCompletionMessageParam;
    // @ts-expect-error: a tool message needs the id of the call it answers
    ({ role: 'tool', content: '42' }) satisfies ChatCompletionMessageParam;
    // @ts-expect-error: a system message takes text only
    ({ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }) satisfies ChatCompletionMessageParam;
    // @ts-expect-error: not an image detail
    ({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'max' } }] }) satisfies ChatCompletionMessageParam;
    // @ts-expect-error: a user message needs content
    ({ role: 'user' }) satisfies ChatCompletionMessageParam;
  });

  test('narrows by role', () => {
    const describeMessage = (message: ChatCompletionMessageParam): string => {
      switch (message.role) {
        case 'tool':
          return message.tool_call_id;
        case 'assistant':
          expectTypeOf(message).toEqualTypeOf<ChatCompletionAssistantMessageParam>();
          return message.tool_calls?.[0]?.function.arguments ?? '';
        default:
          return message.role;
      }
    };
    expectTypeOf(describeMessage).returns.toEqualTypeOf<string>();
    expectTypeOf<ChatCompletionMessageParam['role']>().toEqualTypeOf<ChatCompletionRole>();
  });

  test('tool calls and tool choice', () => {
    expectTypeOf<ChatCompletionMessageToolCall['function']>().toEqualTypeOf<{ name: string; arguments: string }>();
    expectTypeOf<'required'>().toExtend<ChatCompletionToolChoiceOption>();
    expectTypeOf<{ type: 'function'; function: { name: string } }>().toExtend<ChatCompletionToolChoiceOption>();
    expectTypeOf<'any'>().not.toExtend<ChatCompletionToolChoiceOption>();
  });
});

describe("groq-sdk's nested names of request types", () => {
  test('ChatCompletionAssistantMessageParam.FunctionCall is the object, without undefined', () => {
    expectTypeOf<ChatCompletionAssistantMessageParam.FunctionCall>().toEqualTypeOf<{
      name?: string | undefined;
      arguments?: string | undefined;
    }>();
  });

  test('the parts of content parts', () => {
    expectTypeOf<ChatCompletionContentPartImage.ImageURL>().toEqualTypeOf<ChatCompletionContentPartImage['image_url']>();
    expectTypeOf<{ url: 'data:image/png;base64,AAAA'; detail: 'low' }>().toExtend<ChatCompletionContentPartImage.ImageURL>();
    expectTypeOf<ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument>().toEqualTypeOf<ChatCompletionContentPartDocument>();
    expectTypeOf<ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument.Document>().toEqualTypeOf<
      ChatCompletionContentPartDocument['document']
    >();
  });

  test('ChatCompletionNamedToolChoice.Function', () => {
    expectTypeOf<ChatCompletionNamedToolChoice.Function>().toEqualTypeOf<{ name: string }>();
  });
});
