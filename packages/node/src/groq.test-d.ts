import { describe, expectTypeOf, test } from 'vitest';
import type { Groq } from './groq.js';
import type {
  APIPromise,
  APIErrorObject,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkDelta,
  ChatCompletionCreateParams,
  ChatCompletionDocumentSourceText,
  ChatCompletionMessageParam,
  CompletionCreateParams,
  CompletionUsage,
  FunctionDefinition,
  Model,
  ModelList,
  ModelListResponse,
  RequestOptions,
  ResponseFormat,
  ResponseFormatJsonObject,
  ResponseFormatJsonSchema,
  ResponseFormatJsonSchemaDefinition,
  ResponseFormatText,
  SearchSettings,
  SSEDataFrame,
  Stream,
  WolframSettings,
} from './index.js';

describe("groq-sdk's type names under Groq", () => {
  test('Groq.Chat.*, Groq.RequestOptions and Groq.Model compile with this package’s Groq, as with groq-sdk', () => {
    expectTypeOf<Groq.Chat.ChatCompletion>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Groq.Chat.ChatCompletionChunk>().toEqualTypeOf<ChatCompletionChunk>();
    expectTypeOf<Groq.Chat.ChatCompletionMessageParam>().toEqualTypeOf<ChatCompletionMessageParam>();
    expectTypeOf<Groq.RequestOptions>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<Groq.Model>().toEqualTypeOf<Model>();
    expectTypeOf<Groq.ModelListResponse>().toEqualTypeOf<ModelList>();
    expectTypeOf<ModelListResponse>().toEqualTypeOf<ModelList>();
    expectTypeOf<Groq.Models>().toEqualTypeOf<InstanceType<typeof Groq>['models']>();
    expectTypeOf<Groq.Models.Model>().toEqualTypeOf<Model>();
    expectTypeOf<Groq.Models.ModelListResponse>().toEqualTypeOf<ModelList>();
    expectTypeOf<Groq.Chat.Completions>().toEqualTypeOf<InstanceType<typeof Groq>['chat']['completions']>();
    expectTypeOf<Groq.FunctionDefinition>().toEqualTypeOf<FunctionDefinition>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta>().toEqualTypeOf<ChatCompletionChunkDelta>();
  });

  test('CompletionCreateParams, imported by name as from groq-sdk/resources/chat/completions, has the nested names', () => {
    expectTypeOf<CompletionCreateParams>().toEqualTypeOf<ChatCompletionCreateParams>();
    expectTypeOf<CompletionCreateParams.ResponseFormatJsonSchema>().toEqualTypeOf<ResponseFormatJsonSchema>();
    expectTypeOf<CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema>().toEqualTypeOf<ResponseFormatJsonSchemaDefinition>();
    expectTypeOf<CompletionCreateParams.SearchSettings>().toEqualTypeOf<SearchSettings>();
    expectTypeOf<CompletionCreateParams.CompoundCustom.Tools.WolframSettings>().toEqualTypeOf<WolframSettings>();
  });

  test('the names groq-sdk nests under CompletionCreateParams resolve through the bundled declarations', () => {
    expectTypeOf<Groq.Chat.CompletionCreateParams>().toEqualTypeOf<ChatCompletionCreateParams>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatJsonSchema>().toEqualTypeOf<ResponseFormatJsonSchema>();
    expectTypeOf<Groq.Chat.Completions.CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema>().toEqualTypeOf<ResponseFormatJsonSchemaDefinition>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatText>().toEqualTypeOf<ResponseFormatText>();
    expectTypeOf<ResponseFormatText>().toEqualTypeOf<Extract<ResponseFormat, { type: 'text' }>>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatJsonObject>().toEqualTypeOf<ResponseFormatJsonObject>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.SearchSettings>().toEqualTypeOf<SearchSettings>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.CompoundCustom.Tools.WolframSettings>().toEqualTypeOf<WolframSettings>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.Document.ChatCompletionDocumentSourceText>().toEqualTypeOf<ChatCompletionDocumentSourceText>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.Function>().toEqualTypeOf<Omit<FunctionDefinition, 'strict'>>();
    // A name the bundled declarations broke would be an error type (`any`), which toEqualTypeOf lets
    // through; a union of them is `any` if one of them is.
    expectTypeOf<
      | Groq.Chat.CompletionCreateParams.ResponseFormatJsonSchema
      | Groq.Chat.Completions.CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema
      | Groq.Chat.CompletionCreateParams.ResponseFormatText
      | Groq.Chat.CompletionCreateParams.ResponseFormatJsonObject
      | Groq.Chat.CompletionCreateParams.SearchSettings
      | Groq.Chat.CompletionCreateParams.CompoundCustom.Tools.WolframSettings
      | Groq.Chat.CompletionCreateParams.Document.ChatCompletionDocumentSourceText
      | Groq.Chat.CompletionCreateParams.Function
    >().not.toBeAny();
  });

  test('Groq.ErrorObject and Groq.CompletionUsage.PromptTokensDetails resolve, as in groq-sdk', () => {
    expectTypeOf<Groq.ErrorObject>().toEqualTypeOf<APIErrorObject>();
    expectTypeOf<Groq.CompletionUsage.PromptTokensDetails>().toEqualTypeOf<CompletionUsage.PromptTokensDetails>();
    expectTypeOf<Groq.CompletionUsage>().toEqualTypeOf<CompletionUsage>();
    expectTypeOf<Groq.ErrorObject | Groq.CompletionUsage.PromptTokensDetails>().not.toBeAny();
  });

  test('Groq.Groq is the client class, as in groq-sdk', () => {
    expectTypeOf<InstanceType<typeof Groq.Groq>>().toExtend<Groq>();
  });
});

describe('types a relay names', () => {
  test('the frames of stream.sseDataFrames() have a name here too, not only in core', () => {
    expectTypeOf<ReturnType<Stream<ChatCompletionChunk>['sseDataFrames']>>().toEqualTypeOf<AsyncIterableIterator<SSEDataFrame<ChatCompletionChunk>>>();
  });
});

describe('create() with stream known only as a boolean', () => {
  test("gives core's union, the stream typed with its response as for stream: true", () => {
    const client = null as unknown as Groq;
    const stream = Math.random() > 0.5;
    expectTypeOf(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream })).toEqualTypeOf<
      APIPromise<(Stream<ChatCompletionChunk> & { readonly response: Response }) | ChatCompletion>
    >();
  });
});
