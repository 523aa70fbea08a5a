import type {
  ChatCompletion as SdkChatCompletion,
  ChatCompletionAssistantMessageParam as SdkChatCompletionAssistantMessageParam,
  ChatCompletionChunk as SdkChatCompletionChunk,
  ChatCompletionContentPart as SdkChatCompletionContentPart,
  ChatCompletionCreateParams as SdkChatCompletionCreateParams,
  ChatCompletionCreateParamsBase as SdkChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming as SdkChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming as SdkChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionMessageParam as SdkChatCompletionFunctionMessageParam,
  ChatCompletionMessage as SdkChatCompletionMessage,
  ChatCompletionMessageParam as SdkChatCompletionMessageParam,
  ChatCompletionMessageToolCall as SdkChatCompletionMessageToolCall,
  ChatCompletionRole as SdkChatCompletionRole,
  ChatCompletionSystemMessageParam as SdkChatCompletionSystemMessageParam,
  ChatCompletionTokenLogprob as SdkChatCompletionTokenLogprob,
  ChatCompletionTool as SdkChatCompletionTool,
  ChatCompletionToolChoiceOption as SdkChatCompletionToolChoiceOption,
  ChatCompletionToolMessageParam as SdkChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam as SdkChatCompletionUserMessageParam,
  CompletionCreateParams as SdkCompletionCreateParams,
} from 'groq-sdk/resources/chat/completions';
import type { CompletionUsage as SdkCompletionUsage } from 'groq-sdk/resources/completions';
import type { ErrorObject as SdkErrorObject, FunctionDefinition as SdkFunctionDefinition } from 'groq-sdk/resources/shared';
import type { Groq as SdkGroq } from 'groq-sdk';
import { describe, expectTypeOf, test } from 'vitest';
import type { APIPromise } from '../api-promise.js';
import type { RequestOptions } from '../client-options.js';
import type { Groq } from '../groq.js';
import type { Stream } from '../stream.js';
import type { APIErrorObject } from './api-error-body.js';
import type { ChatCompletion, ChatCompletionMessage } from './chat-completion.js';
import type { ChatCompletionChunk } from './chat-completion-chunk.js';
import type { ChatCompletionContentPart } from './chat-completion-content-part.js';
import type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from './chat-completion-create-params.js';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionFunctionMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionRole,
  ChatCompletionSystemMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from './chat-completion-message-param.js';
import type { ChatCompletionTokenLogprob } from './chat-completion-token-logprob.js';
import type {
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  FunctionDefinition,
} from './chat-completion-tool.js';
import type { CompletionUsage } from './completion-usage.js';

// Also compiled under exactOptionalPropertyTypes (tsconfig.exact-optional.json), as strict apps compile them.

/**
 * The paths of the fields `Theirs` declares and `Ours` does not, through nested objects, arrays and unions (7
 * levels: as deep as an executed tool's chart elements in a chunk). A field missing here would make an object
 * literal written for groq-sdk (a test double, a request) fail the excess-property check, even where the types
 * are otherwise assignable.
 */
type MissingFields<Theirs, Ours, Path extends string = '', Depth extends unknown[] = []> = Depth['length'] extends 7
  ? never
  : {
      [Key in FieldsOf<Theirs>]: Key extends FieldsOf<Ours>
        ? MissingFields<FieldOf<Theirs, Key>, FieldOf<Ours, Key>, `${Path}.${Key}`, [...Depth, unknown]>
        : `${Path}.${Key}`;
    }[FieldsOf<Theirs>];
/** The objects among `T`, arrays' items included; not strings branded with `& {}`, as groq-sdk's open literal unions are. */
type ObjectsOf<T> = T extends string | number | boolean ? never : T extends readonly (infer Item)[] ? ObjectsOf<Item> : T extends object ? T : never;
type FieldsOf<T> = ObjectsOf<T> extends infer O ? (O extends unknown ? keyof O & string : never) : never;
type FieldOf<T, Key extends string> = ObjectsOf<T> extends infer O ? (O extends unknown ? (Key extends keyof O ? O[Key] : never) : never) : never;

describe("groq-sdk's request types go where this package's are asked for (a program typed against groq-sdk compiles here)", () => {
  test('the params, streamed, whole and either', () => {
    expectTypeOf<SdkChatCompletionCreateParams>().toExtend<ChatCompletionCreateParams>();
    expectTypeOf<SdkChatCompletionCreateParamsBase>().toExtend<ChatCompletionCreateParamsBase>();
    expectTypeOf<SdkChatCompletionCreateParamsStreaming>().toExtend<ChatCompletionCreateParamsStreaming>();
    expectTypeOf<SdkChatCompletionCreateParamsNonStreaming>().toExtend<ChatCompletionCreateParamsNonStreaming>();
  });

  test('every parameter groq-sdk declares is declared here, to any depth, so a literal written for groq-sdk passes', () => {
    expectTypeOf<MissingFields<SdkChatCompletionCreateParams, ChatCompletionCreateParams>>().toBeNever();
    expectTypeOf<MissingFields<SdkChatCompletionMessageParam, ChatCompletionMessageParam>>().toBeNever();
  });

  test('and no parameter is declared here that groq-sdk lacks but stream_options, which Groq takes (see the node README)', () => {
    // A field declared only here would let through a literal that groq-sdk refuses and Groq may answer with a 400.
    expectTypeOf<MissingFields<ChatCompletionCreateParams, SdkChatCompletionCreateParams>>().toEqualTypeOf<'.stream_options'>();
    expectTypeOf<MissingFields<ChatCompletionMessageParam, SdkChatCompletionMessageParam>>().toBeNever();
  });

  test('the literal sets are the same: reasoning_effort, reasoning_format, service_tier, citation_options, tool_choice', () => {
    type Field<Key extends keyof SdkChatCompletionCreateParamsBase & keyof ChatCompletionCreateParamsBase> = [
      NonNullable<SdkChatCompletionCreateParamsBase[Key]>,
      NonNullable<ChatCompletionCreateParamsBase[Key]>,
    ];
    expectTypeOf<Field<'reasoning_effort'>[0]>().toEqualTypeOf<Field<'reasoning_effort'>[1]>();
    expectTypeOf<Field<'reasoning_format'>[0]>().toEqualTypeOf<Field<'reasoning_format'>[1]>();
    expectTypeOf<Field<'service_tier'>[0]>().toEqualTypeOf<Field<'service_tier'>[1]>();
    expectTypeOf<Field<'citation_options'>[0]>().toEqualTypeOf<Field<'citation_options'>[1]>();
    expectTypeOf<Field<'tool_choice'>[0]>().toExtend<Field<'tool_choice'>[1]>();
    expectTypeOf<Field<'tool_choice'>[1]>().toExtend<Field<'tool_choice'>[0]>();
    expectTypeOf<Field<'response_format'>[0]['type']>().toEqualTypeOf<Field<'response_format'>[1]['type']>();
  });

  test('each message, content part and tool, as groq-sdk types them', () => {
    expectTypeOf<SdkChatCompletionMessageParam>().toExtend<ChatCompletionMessageParam>();
    expectTypeOf<SdkChatCompletionSystemMessageParam>().toExtend<ChatCompletionSystemMessageParam>();
    expectTypeOf<SdkChatCompletionUserMessageParam>().toExtend<ChatCompletionUserMessageParam>();
    expectTypeOf<SdkChatCompletionAssistantMessageParam>().toExtend<ChatCompletionAssistantMessageParam>();
    expectTypeOf<SdkChatCompletionToolMessageParam>().toExtend<ChatCompletionToolMessageParam>();
    expectTypeOf<SdkChatCompletionFunctionMessageParam>().toExtend<ChatCompletionFunctionMessageParam>();
    expectTypeOf<SdkChatCompletionContentPart>().toExtend<ChatCompletionContentPart>();
    expectTypeOf<SdkChatCompletionTool>().toExtend<ChatCompletionTool>();
    expectTypeOf<SdkChatCompletionToolChoiceOption>().toExtend<ChatCompletionToolChoiceOption>();
    expectTypeOf<SdkFunctionDefinition>().toExtend<FunctionDefinition>();
    expectTypeOf<SdkChatCompletionRole>().toExtend<ChatCompletionRole>();
  });

  test("the parts groq-sdk nests under CompletionCreateParams: documents, search, Compound, JSON schema, functions", () => {
    expectTypeOf<SdkCompletionCreateParams.Document>().toExtend<ChatCompletionCreateParams.Document>();
    expectTypeOf<SdkCompletionCreateParams.SearchSettings>().toExtend<ChatCompletionCreateParams.SearchSettings>();
    expectTypeOf<SdkCompletionCreateParams.CompoundCustom>().toExtend<ChatCompletionCreateParams.CompoundCustom>();
    expectTypeOf<SdkCompletionCreateParams.ResponseFormatJsonSchema>().toExtend<ChatCompletionCreateParams.ResponseFormatJsonSchema>();
    expectTypeOf<SdkCompletionCreateParams.ResponseFormatJsonObject>().toExtend<ChatCompletionCreateParams.ResponseFormatJsonObject>();
    expectTypeOf<SdkCompletionCreateParams.ResponseFormatText>().toExtend<ChatCompletionCreateParams.ResponseFormatText>();
    expectTypeOf<SdkCompletionCreateParams.Function>().toExtend<ChatCompletionCreateParams.Function>();
  });

  test("create() gives for a request typed with groq-sdk's params what groq-sdk's create() gives: a stream, a completion or either", () => {
    // A helper still typed against groq-sdk hands its params to this client: each picks the overload groq-sdk's does.
    const client = null as unknown as Groq;
    type Created = Stream<ChatCompletionChunk> & { readonly response: Response };
    const streamed = null as unknown as SdkChatCompletionCreateParamsStreaming;
    const whole = null as unknown as SdkChatCompletionCreateParamsNonStreaming;
    const either = null as unknown as SdkChatCompletionCreateParams;
    const base = null as unknown as SdkChatCompletionCreateParamsBase;
    expectTypeOf(client.chat.completions.create(streamed)).toEqualTypeOf<APIPromise<Created>>();
    expectTypeOf(client.chat.completions.create(whole)).toEqualTypeOf<APIPromise<ChatCompletion>>();
    expectTypeOf(client.chat.completions.create(either)).toEqualTypeOf<APIPromise<Created | ChatCompletion>>();
    expectTypeOf(client.chat.completions.create(base)).toEqualTypeOf<APIPromise<Created | ChatCompletion>>();
  });

  test("a request's options as groq-sdk types them, but for the fields refused on purpose", () => {
    // fetchOptions' method, headers, body and signal would be lost or break the request (see FetchOptions), groq-sdk
    // 1.6.0 sends no idempotency header for idempotencyKey (see the node README's migration table), and method,
    // path, body, stream, defaultBaseURL and __binaryResponse are set by create() itself. NullableHeaders is
    // groq-sdk's internal header set (branded, made by its own buildHeaders()).
    type SdkHeaders = Exclude<SdkGroq.RequestOptions['headers'], { nulls: Set<string> }>;
    type Internal = 'fetchOptions' | 'idempotencyKey' | 'method' | 'path' | 'body' | 'stream' | 'defaultBaseURL' | '__binaryResponse' | 'headers';
    expectTypeOf<Omit<SdkGroq.RequestOptions, Internal> & { headers?: SdkHeaders }>().toExtend<RequestOptions>();
    // @ts-expect-error the client sets each call's method
    ({ timeout: 1000, fetchOptions: { method: 'POST' } }) satisfies RequestOptions;
    // @ts-expect-error nothing would be sent with it
    ({ timeout: 1000, idempotencyKey: 'order-1' }) satisfies RequestOptions;
  });
});

describe("this package's results go where groq-sdk's are asked for (a helper still typed with groq-sdk's types takes them)", () => {
  test('a chunk, with the usage, service tier, usage breakdown and cache counters Groq sends that groq-sdk does not declare', () => {
    expectTypeOf<ChatCompletionChunk>().toExtend<SdkChatCompletionChunk>();
    // Each one Groq's chunks carry (chat-completion-transcripts.test.ts); any other needs a reason as good.
    expectTypeOf<MissingFields<ChatCompletionChunk, SdkChatCompletionChunk>>().toEqualTypeOf<
      '.usage' | '.service_tier' | '.usage_breakdown' | '.x_groq.usage.sram_cached_tokens' | '.x_groq.usage.dram_cached_tokens'
    >();
  });

  test('a completion, but for a null usage_breakdown, which Groq sends and groq-sdk does not type (see the README)', () => {
    expectTypeOf<Omit<ChatCompletion, 'usage_breakdown'>>().toExtend<SdkChatCompletion>();
    expectTypeOf<ChatCompletion>().not.toExtend<SdkChatCompletion>();
    expectTypeOf<ChatCompletionMessage>().toExtend<SdkChatCompletionMessage>();
    expectTypeOf<CompletionUsage>().toExtend<SdkCompletionUsage>();
    expectTypeOf<ChatCompletionMessageToolCall>().toExtend<SdkChatCompletionMessageToolCall>();
    expectTypeOf<ChatCompletionTokenLogprob>().toExtend<SdkChatCompletionTokenLogprob>();
  });

  test('and groq-sdk values, such as test doubles written for it, are results here, with no field unknown here', () => {
    expectTypeOf<SdkChatCompletionChunk>().toExtend<ChatCompletionChunk>();
    expectTypeOf<SdkChatCompletionChunk['choices'][number]['delta']>().toExtend<ChatCompletionChunk['choices'][number]['delta']>();
    expectTypeOf<NonNullable<SdkChatCompletionChunk['x_groq']>>().toExtend<NonNullable<ChatCompletionChunk['x_groq']>>();
    expectTypeOf<SdkChatCompletion>().toExtend<ChatCompletion>();
    expectTypeOf<SdkErrorObject>().toExtend<APIErrorObject>();
    expectTypeOf<MissingFields<SdkChatCompletionChunk, ChatCompletionChunk>>().toBeNever();
    expectTypeOf<MissingFields<SdkChatCompletion, ChatCompletion>>().toBeNever();
    expectTypeOf<MissingFields<SdkErrorObject, APIErrorObject>>().toBeNever();
  });

  test('deliberately wider than groq-sdk, each in the README: ChatCompletionRole has developer, ErrorObject.type is optional', () => {
    expectTypeOf<ChatCompletionRole>().not.toExtend<SdkChatCompletionRole>();
    expectTypeOf<APIErrorObject>().not.toExtend<SdkErrorObject>();
  });

  test('the field finder finds a missing field, deep in a union or an array', () => {
    expectTypeOf<MissingFields<{ a: { b: { c: string }[] } | null }, { a: { b: { d: string }[] } | null }>>().toEqualTypeOf<'.a.b.c'>();
  });
});
