import { describe, expectTypeOf, test } from 'vitest';
import type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from './chat-completion-create-params.js';
import type { ChatModel } from './chat-model.js';
import type { ChatCompletionTool, FunctionDefinition, FunctionParameters } from './chat-completion-tool.js';
import type {
  ChatCompletionDocument,
  ChatCompletionDocumentSourceJson,
  ChatCompletionDocumentSourceText,
} from './chat-completion-document.js';
import type { CompoundCustom, CompoundCustomModels, CompoundCustomTools, WolframSettings } from './compound-custom.js';
import type {
  ResponseFormatJsonObject,
  ResponseFormatJsonSchema,
  ResponseFormatJsonSchemaDefinition,
  ResponseFormatText,
} from './response-format.js';
import type { SearchSettings } from './search-settings.js';

declare function create(params: ChatCompletionCreateParamsStreaming): 'stream';
declare function create(params: ChatCompletionCreateParamsNonStreaming): 'completion';

describe('ChatCompletionCreateParams', () => {
  test('is the union of the streaming and non-streaming params', () => {
    expectTypeOf<ChatCompletionCreateParams>().toEqualTypeOf<
      ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming
    >();
    expectTypeOf<ChatCompletionCreateParamsStreaming>().toExtend<ChatCompletionCreateParamsBase>();
    expectTypeOf<ChatCompletionCreateParamsNonStreaming>().toExtend<ChatCompletionCreateParamsBase>();
  });

  test('`stream: true` selects the streaming params only', () => {
    const params = {
      model: 'llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    } satisfies ChatCompletionCreateParams;
    expectTypeOf(params).toExtend<ChatCompletionCreateParamsStreaming>();
    expectTypeOf(params).not.toExtend<ChatCompletionCreateParamsNonStreaming>();
    expectTypeOf(create(params)).toEqualTypeOf<'stream'>();
  });

  test('leaving `stream` out, `false` or `null` selects the non-streaming params only', () => {
    const omitted = { model: 'openai/gpt-oss-20b', messages: [{ role: 'user', content: 'Hi' }] } satisfies ChatCompletionCreateParams;
    const off = { ...omitted, stream: false } satisfies ChatCompletionCreateParams;
    const nulled = { ...omitted, stream: null } satisfies ChatCompletionCreateParams;
    expectTypeOf(omitted).toExtend<ChatCompletionCreateParamsNonStreaming>();
    expectTypeOf(omitted).not.toExtend<ChatCompletionCreateParamsStreaming>();
    expectTypeOf(off).not.toExtend<ChatCompletionCreateParamsStreaming>();
    expectTypeOf(nulled).not.toExtend<ChatCompletionCreateParamsStreaming>();
    expectTypeOf(create(omitted)).toEqualTypeOf<'completion'>();
    expectTypeOf(create(off)).toEqualTypeOf<'completion'>();
  });

  test('accepts every Groq parameter', () => {
    const params = {
      model: 'openai/gpt-oss-120b',
      messages: [
        { role: 'developer', content: 'Answer in JSON.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 1024,
      max_tokens: null,
      stop: ['\n\n', 'END'],
      seed: 42,
      n: 1,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather of a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            strict: true,
          },
        },
        { type: 'browser_search' },
        { type: 'code_interpreter' },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      disable_tool_validation: false,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather', schema: { type: 'object' }, strict: true },
      },
      reasoning_format: 'parsed',
      reasoning_effort: 'high',
      include_reasoning: null,
      service_tier: 'flex',
      user: 'user-1234',
      frequency_penalty: 0,
      presence_penalty: 0,
      logprobs: false,
      top_logprobs: null,
      logit_bias: { '50256': -100 },
      metadata: { purpose: 'test' },
      store: null,
      documents: [{ id: 'doc-1', source: { type: 'text', text: 'Paris is in France.' } }],
      citation_options: 'enabled',
      search_settings: { include_domains: ['meteo.fr'], country: 'france', include_images: false },
      compound_custom: { models: { answering_model: 'openai/gpt-oss-120b' }, tools: { enabled_tools: ['web_search'] } },
    } satisfies ChatCompletionCreateParams;
    expectTypeOf(params).toExtend<ChatCompletionCreateParamsStreaming>();
  });

  test('stop takes a string, an array of strings or null', () => {
    expectTypeOf<ChatCompletionCreateParamsBase['stop']>().toEqualTypeOf<string | string[] | null | undefined>();
  });

  test('response_format takes text, json_object and json_schema', () => {
    type ResponseFormatType = NonNullable<ChatCompletionCreateParamsBase['response_format']>['type'];
    expectTypeOf<ResponseFormatType>().toEqualTypeOf<'text' | 'json_object' | 'json_schema'>();
  });

  test('closed enums reject unknown values', () => {
    const base = { model: 'qwen/qwen3-32b', messages: [] } satisfies ChatCompletionCreateParams;
    // @ts-expect-error: not a reasoning format
    ({ ...base, reasoning_format: 'visible' }) satisfies ChatCompletionCreateParams;
    // @ts-expect-error: not a reasoning effort
    ({ ...base, reasoning_effort: 'extreme' }) satisfies ChatCompletionCreateParams;
    // @ts-expect-error: not a service tier
    ({ ...base, service_tier: 'premium' }) satisfies ChatCompletionCreateParams;
    // @ts-expect-error: not a tool choice
    ({ ...base, tool_choice: 'always' }) satisfies ChatCompletionCreateParams;
    // @ts-expect-error: json_schema needs a name
    ({ ...base, response_format: { type: 'json_schema', json_schema: { schema: {} } } }) satisfies ChatCompletionCreateParams;
  });

  test('a tool declared without `as const` (its type widened to string) is accepted, as groq-sdk takes it', () => {
    const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
    expectTypeOf(weather.type).toEqualTypeOf<string>();
    ({ model: 'openai/gpt-oss-120b', messages: [], tools: [weather, { type: 'browser_search' }] }) satisfies ChatCompletionCreateParams;
    const tools: ChatCompletionTool[] = [{ type: 'code_interpreter' }, weather];
    expectTypeOf(tools).toExtend<NonNullable<ChatCompletionCreateParams['tools']>>();
    // A built-in tool declared apart, alone or beside a function: its type is a string too.
    const search = [{ type: 'browser_search' }];
    ({ model: 'openai/gpt-oss-120b', messages: [], tools: search }) satisfies ChatCompletionCreateParams;
    const mixed = [{ type: 'browser_search' }, weather];
    ({ model: 'openai/gpt-oss-120b', messages: [], tools: mixed }) satisfies ChatCompletionCreateParams;
    // Any tool's function can be read.
    expectTypeOf(tools[0]!.function).toEqualTypeOf<FunctionDefinition | undefined>();
  });

  test('an item of the deprecated functions has no strict, as groq-sdk types it: Groq lists name, description and parameters there', () => {
    ({ model: 'llama-3.3-70b-versatile', messages: [], functions: [{ name: 'f', description: 'd', parameters: {} }] }) satisfies ChatCompletionCreateParams;
    // @ts-expect-error: strict belongs to a tool's function, not to the deprecated functions
    ({ model: 'llama-3.3-70b-versatile', messages: [], functions: [{ name: 'f', strict: true }] }) satisfies ChatCompletionCreateParams;
    // A tool's function declared apart still goes in, as in groq-sdk (no literal, no excess-property check).
    const definition: FunctionDefinition = { name: 'f', strict: true };
    ({ model: 'llama-3.3-70b-versatile', messages: [], functions: [definition] }) satisfies ChatCompletionCreateParams;
  });

  test('model suggests known IDs but takes any string', () => {
    expectTypeOf<'llama-3.1-8b-instant'>().toExtend<ChatModel>();
    expectTypeOf<'my-fine-tune'>().toExtend<ChatModel>();
    expectTypeOf<ChatCompletionCreateParamsBase['model']>().toEqualTypeOf<ChatModel>();
    // @ts-expect-error: model is required
    ({ messages: [] }) satisfies ChatCompletionCreateParams;
  });
});

describe("groq-sdk's nested names of a request", () => {
  test('ChatCompletionCreateParams.ResponseFormatJsonSchema, SearchSettings and the rest name the package types', () => {
    expectTypeOf<ChatCompletionCreateParams.CompoundCustom>().toEqualTypeOf<CompoundCustom>();
    expectTypeOf<ChatCompletionCreateParams.CompoundCustom.Models>().toEqualTypeOf<CompoundCustomModels>();
    expectTypeOf<ChatCompletionCreateParams.CompoundCustom.Tools>().toEqualTypeOf<CompoundCustomTools>();
    expectTypeOf<ChatCompletionCreateParams.CompoundCustom.Tools.WolframSettings>().toEqualTypeOf<WolframSettings>();
    expectTypeOf<ChatCompletionCreateParams.Document>().toEqualTypeOf<ChatCompletionDocument>();
    expectTypeOf<ChatCompletionCreateParams.Document.ChatCompletionDocumentSourceText>().toEqualTypeOf<ChatCompletionDocumentSourceText>();
    expectTypeOf<ChatCompletionCreateParams.Document.ChatCompletionDocumentSourceJson>().toEqualTypeOf<ChatCompletionDocumentSourceJson>();
    expectTypeOf<ChatCompletionCreateParams.Function>().toEqualTypeOf<{ name: string; description?: string | undefined; parameters?: FunctionParameters | undefined }>();
    expectTypeOf<ChatCompletionCreateParams.ResponseFormatText>().toEqualTypeOf<ResponseFormatText>();
    expectTypeOf<ChatCompletionCreateParams.ResponseFormatJsonObject>().toEqualTypeOf<ResponseFormatJsonObject>();
    expectTypeOf<ChatCompletionCreateParams.ResponseFormatJsonSchema>().toEqualTypeOf<ResponseFormatJsonSchema>();
    expectTypeOf<ChatCompletionCreateParams.ResponseFormatJsonSchema.JsonSchema>().toEqualTypeOf<ResponseFormatJsonSchemaDefinition>();
    expectTypeOf<ChatCompletionCreateParams.SearchSettings>().toEqualTypeOf<SearchSettings>();
  });

  test('values typed with the nested names go into a request, as groq-sdk users write them', () => {
    const schema: ChatCompletionCreateParams.ResponseFormatJsonSchema.JsonSchema = { name: 'weather', schema: { type: 'object' } };
    const responseFormat: ChatCompletionCreateParams.ResponseFormatJsonSchema = { type: 'json_schema', json_schema: schema };
    const searchSettings: ChatCompletionCreateParams.SearchSettings = { include_domains: ['meteo.fr'] };
    const documents: ChatCompletionCreateParams.Document[] = [{ source: { type: 'text', text: 'Paris is in France.' } }];
    const compoundCustom: ChatCompletionCreateParams.CompoundCustom = { tools: { wolfram_settings: { authorization: 'key' } } };
    ({
      model: 'groq/compound',
      messages: [],
      response_format: responseFormat,
      search_settings: searchSettings,
      documents,
      compound_custom: compoundCustom,
    }) satisfies ChatCompletionCreateParams;
  });
});
