import { describe, expectTypeOf, test } from 'vitest';
import type { APIPromise } from './api-promise.js';
import type { ClientOptions, FetchOptions, RequestOptions } from './client-options.js';
import type { Logger, LogLevel } from './logger.js';
import type { Groq } from './groq.js';
import type { Stream } from './stream.js';
import type { ChatCompletion, ChatCompletionMessage } from './types/chat-completion.js';
import type { ChatCompletionContentPart, ChatCompletionContentPartImage } from './types/chat-completion-content-part.js';
import type { ChatCompletionTokenLogprob } from './types/chat-completion-token-logprob.js';
import type { ChatCompletionMessageToolCall, ChatCompletionNamedToolChoice } from './types/chat-completion-tool.js';
import type { CompletionUsage } from './types/completion-usage.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';
import type { ChatCompletionMessageParam } from './types/chat-completion-message-param.js';
import type { Model, ModelList } from './types/model.js';
import type { FunctionDefinition, FunctionParameters } from './types/chat-completion-tool.js';
import type { APIConnectionError } from './errors/api-connection-error.js';
import type { APIError } from './errors/api-error.js';
import type { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { BadRequestError } from './errors/bad-request-error.js';
import type { InternalServerError } from './errors/internal-server-error.js';
import type { RateLimitError } from './errors/rate-limit-error.js';
import type { ChatCompletionFinishReason } from './types/chat-completion.js';
import type { ServiceTier } from './types/chat-completion-create-params.js';
import type { ChatCompletionAssistantMessageParam, ChatCompletionSystemMessageParam } from './types/chat-completion-message-param.js';
import type { ChatCompletionCreateParams } from './types/chat-completion-create-params.js';
import type { APIErrorObject } from './types/api-error-body.js';

declare const client: Groq;
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('create() overloads', () => {
  test('stream: true gives a Stream of chunks', () => {
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: true })).toEqualTypeOf<
      APIPromise<Stream<ChatCompletionChunk> & { readonly response: Response }>
    >();
  });
  test("a created stream's response is defined, and the stream is still a Stream<ChatCompletionChunk>", async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    expectTypeOf(stream.response).toEqualTypeOf<Response>();
    // No TS18048 ('possibly undefined') without a check.
    expectTypeOf(stream.response.headers.get('x-request-id')).toEqualTypeOf<string | null>();
    expectTypeOf(stream).toExtend<Stream<ChatCompletionChunk>>();
    const promise: APIPromise<Stream<ChatCompletionChunk>> = client.chat.completions.create({ model: 'm', messages, stream: true });
    const { data } = await client.chat.completions.create({ model: 'm', messages, stream: true }).withResponse();
    expectTypeOf(data.response).toEqualTypeOf<Response>();
    void promise;
  });
  test("a created stream's tee() branches have its response, so a branch can take the stream's place, as in groq-sdk", async () => {
    let stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    const [forLog, rest] = stream.tee();
    expectTypeOf(forLog.response).toEqualTypeOf<Response>();
    stream = rest;
    const streams = [stream];
    streams.push(forLog);
    // A branch of a branch too.
    stream = stream.tee()[0];
    // Streams built by hand, and their branches, may have no response: only create()'s type promises one.
    const built = null as unknown as Stream<ChatCompletionChunk>;
    expectTypeOf(built.tee()).toEqualTypeOf<[Stream<ChatCompletionChunk>, Stream<ChatCompletionChunk>]>();
    expectTypeOf(built.tee()[0].response).toEqualTypeOf<Response | undefined>();
    // @ts-expect-error a hand-built stream may have no response, which the variable's type promises
    stream = built;
  });
  test('stream: false or absent gives a ChatCompletion', () => {
    expectTypeOf(client.chat.completions.create({ model: 'm', messages })).toEqualTypeOf<APIPromise<ChatCompletion>>();
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: false })).toEqualTypeOf<APIPromise<ChatCompletion>>();
    // `null` and `undefined` mean "left out", as create() reads them at run time (only `true` streams).
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: null })).toEqualTypeOf<APIPromise<ChatCompletion>>();
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: undefined })).toEqualTypeOf<APIPromise<ChatCompletion>>();
  });
  test('a stream that may be true or left out (`flag || undefined`) gives the union, as a boolean does', () => {
    const stream = Math.random() > 0.5 ? true : undefined;
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream })).toEqualTypeOf<
      APIPromise<(Stream<ChatCompletionChunk> & { readonly response: Response }) | ChatCompletion>
    >();
  });
  test('a boolean gives the union, its stream typed with its response as for stream: true', () => {
    const stream = Math.random() > 0.5;
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream })).toEqualTypeOf<
      APIPromise<(Stream<ChatCompletionChunk> & { readonly response: Response }) | ChatCompletion>
    >();
  });
  test("a boolean's stream, once told from a ChatCompletion, has a defined response", async () => {
    const stream = Math.random() > 0.5;
    const result = await client.chat.completions.create({ model: 'm', messages, stream });
    if (!('object' in result)) {
      // No TS18048 ('possibly undefined') without a check, as for stream: true.
      expectTypeOf(result.response).toEqualTypeOf<Response>();
      expectTypeOf(result).toExtend<Stream<ChatCompletionChunk>>();
    }
    const { data } = await client.chat.completions.create({ model: 'm', messages, stream }).withResponse();
    expectTypeOf<Exclude<typeof data, ChatCompletion>['response']>().toEqualTypeOf<Response>();
    // Still assignable wherever the plain union is asked for.
    const promise: APIPromise<Stream<ChatCompletionChunk> | ChatCompletion> = client.chat.completions.create({ model: 'm', messages, stream });
    void promise;
  });
  test('an argument typed any gives a ChatCompletion, as in groq-sdk (whole comes first)', () => {
    const body: any = { model: 'm', messages };
    expectTypeOf(client.chat.completions.create(body)).toEqualTypeOf<APIPromise<ChatCompletion>>();
  });

  test('helpers exist only on chunk streams', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    expectTypeOf(stream.finalChatCompletion()).toEqualTypeOf<Promise<ChatCompletion>>();
    expectTypeOf(stream.textDeltas()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    const other = null as unknown as Stream<{ n: number }>;
    // @ts-expect-error textDeltas needs chat-completion chunks
    other.textDeltas();
  });
  test('withResponse carries the request id', async () => {
    const { data, requestId } = await client.chat.completions.create({ model: 'm', messages }).withResponse();
    expectTypeOf(data).toEqualTypeOf<ChatCompletion>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });
});

describe("groq-sdk's type names under Groq", () => {
  test('Groq.Chat, Groq.RequestOptions and Groq.Model name the package types', () => {
    expectTypeOf<Groq.Chat.ChatCompletion>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Groq.Chat.ChatCompletionChunk>().toEqualTypeOf<ChatCompletionChunk>();
    expectTypeOf<Groq.Chat.ChatCompletionMessageParam>().toEqualTypeOf<ChatCompletionMessageParam>();
    expectTypeOf<Groq.Chat.CompletionCreateParamsStreaming>().toEqualTypeOf<ChatCompletionCreateParamsStreaming>();
    // groq-sdk nests the same names once more, and much code names them so.
    expectTypeOf<Groq.Chat.Completions.ChatCompletionMessageParam>().toEqualTypeOf<ChatCompletionMessageParam>();
    expectTypeOf<Groq.Chat.Completions.ChatCompletion>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Groq.Chat.Completions.ChatCompletionChunk>().toEqualTypeOf<ChatCompletionChunk>();
    // With the nested names groq-sdk declares under them.
    expectTypeOf<Groq.Chat.ChatCompletion.Choice>().toEqualTypeOf<ChatCompletion.Choice>();
    expectTypeOf<Groq.Chat.Completions.ChatCompletionChunk.Choice>().toEqualTypeOf<ChatCompletionChunk.Choice>();
    expectTypeOf<Groq.RequestOptions>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<Groq.Model>().toEqualTypeOf<Model>();
  });

  test('the deeper nested names, and those of the other types groq-sdk nests names under', () => {
    expectTypeOf<Groq.Chat.ChatCompletion.Choice.Logprobs>().toEqualTypeOf<ChatCompletion.Choice.Logprobs>();
    expectTypeOf<Groq.Chat.ChatCompletion.XGroq.Usage>().toEqualTypeOf<ChatCompletion.XGroq.Usage>();
    expectTypeOf<Groq.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall.Function>().toEqualTypeOf<
      ChatCompletionChunk.Choice.Delta.ToolCall.Function
    >();
    expectTypeOf<Groq.Chat.ChatCompletionChunk.XGroq.UsageBreakdown.Model>().toEqualTypeOf<ChatCompletionChunk.XGroq.UsageBreakdown.Model>();
    expectTypeOf<Groq.Chat.ChatCompletionMessage>().toEqualTypeOf<ChatCompletionMessage>();
    expectTypeOf<Groq.Chat.ChatCompletionMessage.ExecutedTool.CodeResult.Chart>().toEqualTypeOf<ChatCompletionMessage.ExecutedTool.CodeResult.Chart>();
    expectTypeOf<Groq.Chat.ChatCompletionMessage.FunctionCall>().toEqualTypeOf<ChatCompletionMessage.FunctionCall>();
    expectTypeOf<Groq.Chat.ChatCompletionMessageToolCall.Function>().toEqualTypeOf<ChatCompletionMessageToolCall.Function>();
    expectTypeOf<Groq.Chat.ChatCompletionNamedToolChoice.Function>().toEqualTypeOf<ChatCompletionNamedToolChoice.Function>();
    expectTypeOf<Groq.Chat.ChatCompletionTokenLogprob.TopLogprob>().toEqualTypeOf<ChatCompletionTokenLogprob.TopLogprob>();
    expectTypeOf<Groq.Chat.ChatCompletionContentPartImage.ImageURL>().toEqualTypeOf<ChatCompletionContentPartImage.ImageURL>();
    expectTypeOf<Groq.Chat.ChatCompletionContentPart>().toEqualTypeOf<ChatCompletionContentPart>();
    expectTypeOf<
      Groq.Chat.ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument.Document
    >().toEqualTypeOf<ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument.Document>();
    expectTypeOf<Groq.Chat.ChatCompletionAssistantMessageParam>().toEqualTypeOf<ChatCompletionAssistantMessageParam>();
    expectTypeOf<Groq.Chat.ChatCompletionAssistantMessageParam.FunctionCall>().toEqualTypeOf<ChatCompletionAssistantMessageParam.FunctionCall>();
    expectTypeOf<Groq.CompletionUsage>().toEqualTypeOf<CompletionUsage>();
    expectTypeOf<Groq.CompletionUsage.PromptTokensDetails>().toEqualTypeOf<CompletionUsage.PromptTokensDetails>();
  });

  test('the names groq-sdk nests under CompletionCreateParams, also under Groq.Chat.Completions', () => {
    expectTypeOf<Groq.Chat.CompletionCreateParams>().toEqualTypeOf<ChatCompletionCreateParams>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatJsonSchema>().toEqualTypeOf<ChatCompletionCreateParams.ResponseFormatJsonSchema>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema>().toEqualTypeOf<
      ChatCompletionCreateParams.ResponseFormatJsonSchema.JsonSchema
    >();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatJsonObject>().toEqualTypeOf<ChatCompletionCreateParams.ResponseFormatJsonObject>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.ResponseFormatText>().toEqualTypeOf<ChatCompletionCreateParams.ResponseFormatText>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.SearchSettings>().toEqualTypeOf<ChatCompletionCreateParams.SearchSettings>();
    expectTypeOf<Groq.Chat.CompletionCreateParams.Document.ChatCompletionDocumentSourceJson>().toEqualTypeOf<
      ChatCompletionCreateParams.Document.ChatCompletionDocumentSourceJson
    >();
    expectTypeOf<Groq.Chat.CompletionCreateParams.Function>().toEqualTypeOf<ChatCompletionCreateParams.Function>();
    expectTypeOf<Groq.Chat.Completions.CompletionCreateParams.SearchSettings>().toEqualTypeOf<ChatCompletionCreateParams.SearchSettings>();
    expectTypeOf<Groq.Chat.Completions.CompletionCreateParams.CompoundCustom.Tools.WolframSettings>().toEqualTypeOf<
      ChatCompletionCreateParams.CompoundCustom.Tools.WolframSettings
    >();
  });

  test('Groq.ErrorObject names the error member of an error body', () => {
    expectTypeOf<Groq.ErrorObject>().toEqualTypeOf<APIErrorObject>();
  });

  test('Groq.Groq is the client class, so `new Groq.Groq(...)` compiles as in groq-sdk', () => {
    expectTypeOf<typeof Groq.Groq>().toEqualTypeOf<typeof Groq>();
    expectTypeOf<InstanceType<typeof Groq.Groq>>().toEqualTypeOf<Groq>();
  });
});

describe('APIPromise rejections', () => {
  test('the reason is `any`, as in Promise and groq-sdk, so `.catch((error) => error.status)` compiles', () => {
    const client = {} as Groq;
    const status = client.chat.completions.create({ model: 'm', messages: [] }).catch((error) => error.status);
    expectTypeOf(status).toEqualTypeOf<Promise<any>>();
  });
});

describe('what compiles with groq-sdk compiles here', () => {
  test('a status error always has its headers; a connection error has no status', () => {
    expectTypeOf<RateLimitError['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<BadRequestError['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<InternalServerError['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<APIError['headers']>().toEqualTypeOf<Headers | undefined>();
    expectTypeOf<APIConnectionError['status']>().toEqualTypeOf<undefined>();
    expectTypeOf<APIUserAbortError['status']>().toEqualTypeOf<undefined>();
    expectTypeOf<APIError['error']>().toEqualTypeOf<object | undefined>();
  });

  test('headers as lists, nullable pairs or null; query as any object', () => {
    interface Tags {
      region: string;
    }
    const tags: Tags = { region: 'eu' };
    const pairs = [['x-trace', '1']];
    expectTypeOf<{ headers: { 'x-tags': string[] } }>().toExtend<RequestOptions>();
    expectTypeOf({ headers: pairs }).toExtend<RequestOptions>();
    expectTypeOf<{ headers: [['x-drop', null]] }>().toExtend<RequestOptions>();
    expectTypeOf<{ headers: null; query: null }>().toExtend<RequestOptions>();
    expectTypeOf({ query: tags }).toExtend<RequestOptions>();
  });

  test('fetchOptions take RequestInit and runtime fields, but not the method, headers, body or signal the client sets', () => {
    const signal = new AbortController().signal;
    expectTypeOf<{ fetchOptions: { cache: 'no-store'; keepalive: boolean; dispatcher: object } }>().toExtend<RequestOptions>();
    expectTypeOf<{ fetchOptions: { cache: 'no-store'; signal: undefined } }>().toExtend<ClientOptions>();
    expectTypeOf<{ fetchOptions: { signal: AbortSignal } }>().not.toExtend<RequestOptions>();
    expectTypeOf<{ fetchOptions: { headers: Record<string, string> } }>().not.toExtend<ClientOptions>();
    expectTypeOf<{ method: string }>().not.toExtend<FetchOptions>();
    expectTypeOf<{ body: string }>().not.toExtend<FetchOptions>();
    // @ts-expect-error a signal goes in the request options, not in fetchOptions
    void client.models.list({ fetchOptions: { signal } });
    // @ts-expect-error headers go in defaultHeaders
    const options: ClientOptions = { apiKey: 'k', fetchOptions: { headers: { 'x-tenant': 'a' } } };
    void options;
    // @ts-expect-error the client sets the method and body of each call
    void client.models.list({ fetchOptions: { method: 'GET', body: 'x' } });
  });

  test("a developer message is a system message; an assistant's function_call may be partial", () => {
    expectTypeOf<{ role: 'developer'; content: 'Be brief.' }>().toExtend<ChatCompletionSystemMessageParam>();
    expectTypeOf<{ role: 'assistant'; function_call: { name: 'f' } }>().toExtend<ChatCompletionAssistantMessageParam>();
  });

  test('finish_reason has the values groq-sdk lists, so an exhaustive switch compiles', () => {
    expectTypeOf<ChatCompletionFinishReason>().toEqualTypeOf<'stop' | 'length' | 'tool_calls' | 'function_call'>();
  });

  test('Groq.ModelListResponse, Groq.FunctionDefinition and Groq.FunctionParameters name the package types', () => {
    expectTypeOf<Groq.ModelListResponse>().toEqualTypeOf<ModelList>();
    expectTypeOf<Groq.FunctionDefinition>().toEqualTypeOf<FunctionDefinition>();
    expectTypeOf<Groq.FunctionParameters>().toEqualTypeOf<FunctionParameters>();
  });

  test('models.retrieve(id) gives one Model, as models.list() gives the list', () => {
    expectTypeOf(client.models.retrieve('llama-3.3-70b-versatile')).toEqualTypeOf<APIPromise<Model>>();
    expectTypeOf(client.models.list()).toEqualTypeOf<APIPromise<ModelList>>();
  });

  test('client.logger and client.logLevel are always set, as in groq-sdk, so client.logger.info() compiles', () => {
    expectTypeOf(client.logger).toEqualTypeOf<Logger>();
    expectTypeOf(client.logLevel).toEqualTypeOf<LogLevel>();
  });

  test("Groq.Chat, Groq.Chat.Completions and Groq.Models type the client's resources, as groq-sdk's classes do", () => {
    expectTypeOf(client.chat).toEqualTypeOf<Groq.Chat>();
    expectTypeOf(client.chat.completions).toEqualTypeOf<Groq.Chat.Completions>();
    expectTypeOf(client.models).toEqualTypeOf<Groq.Models>();
    expectTypeOf<Groq.Chat.Completions.ChatCompletion.Choice>().toEqualTypeOf<ChatCompletion.Choice>();
    expectTypeOf<Groq.Chat.Completions.CompletionCreateParams>().toEqualTypeOf<ChatCompletionCreateParams>();
  });

  test('Groq.Models.Model and Groq.Models.ModelListResponse name the model types, as groq-sdk nests them', () => {
    expectTypeOf<Groq.Models.Model>().toEqualTypeOf<Model>();
    expectTypeOf<Groq.Models.ModelListResponse>().toEqualTypeOf<ModelList>();
  });

  test('a chunk may say which service tier served it', () => {
    expectTypeOf<ChatCompletionChunk['service_tier']>().toEqualTypeOf<ServiceTier | null | undefined>();
  });
});
