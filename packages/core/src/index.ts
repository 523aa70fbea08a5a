/**
 * The runtime-agnostic client for Groq chat completions: the {@link Groq} client, {@link Stream}, the
 * SSE parser, typed errors ({@link GroqError} and its subclasses), and the request checks and SSE encoding
 * that relays use. Web-standard APIs only, so it runs unchanged in Node.js, browsers, edge runtimes, Bun and
 * Deno. Most apps import `@groq-stream/node` or `@groq-stream/web`, which re-export all of it.
 *
 * @packageDocumentation
 * @module @groq-stream/core
 */
export { APIPromise, type WithResponse } from './api-promise.js';
export { withDirectReader, type BodyReadDone, type BodyReader, type BodyReadResult, type BodyReadValue } from './body-reader.js';
export { redirectedRequest, type RedirectedRequest } from './redirected-request.js';
export { ChatCompletionAccumulator } from './chat-completion-accumulator.js';
export { ChatCompletions } from './chat-completions.js';
export type { ChunkReaderOptions } from './chunk-reader-options.js';
export type { SSEReadableStreamOptions, SSEStreamOptions } from './encode-sse-stream.js';
export { APIConnectionError } from './errors/api-connection-error.js';
export { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
export { APIError, type APIErrorOptions } from './errors/api-error.js';
export { APIUserAbortError } from './errors/api-user-abort-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export { BadRequestError } from './errors/bad-request-error.js';
export { ConflictError } from './errors/conflict-error.js';
export { createAPIError } from './errors/create-api-error.js';
export { GroqError, type ErrorRequestContext, type GroqErrorOptions } from './errors/groq-error.js';
export { InternalServerError } from './errors/internal-server-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PermissionDeniedError } from './errors/permission-denied-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { StreamConsumedError } from './errors/stream-consumed-error.js';
export { StreamError } from './errors/stream-error.js';
export { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
export { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
export { StreamInvalidDataError, type StreamInvalidDataErrorOptions } from './errors/stream-invalid-data-error.js';
export { StreamServerError, type StreamServerErrorOptions } from './errors/stream-server-error.js';
export { StreamTruncatedError, type StreamTruncatedErrorOptions } from './errors/stream-truncated-error.js';
export { UnprocessableEntityError } from './errors/unprocessable-entity-error.js';
export type { ClientOptions, Fetch, FetchOptions, HeadersLike, QueryParameters, RequestOptions } from './client-options.js';
export { Groq } from './groq.js';
export type { GroqChat } from './groq-chat.js';
export { logLevels, readLogLevel, type Logger, type LogLevel } from './logger.js';
export { errorWordsForLog, logWithClient } from './log-with-client.js';
export { escapeControls, type EscapeControlsOptions } from './escape-controls.js';
export { Models } from './models.js';
export { parseSSEStream } from './parse-sse-stream.js';
export { retryDelayMs, shouldRetry } from './retry-policy.js';
export { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';
export { guardErrorPayload } from './guard-error-payload.js';
export { redactSecretsDeep } from './redact-secrets-deep.js';
export { rememberSecret } from './redact-secrets.js';
export type { SentRequest } from './send-request.js';
export { defaultMaxEventSize, SSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from './sse-decoder.js';
export { defaultHeartbeatMs } from './default-heartbeat-ms.js';
export { sseFrames, sseResponseHeaders } from './sse-frames.js';
export { Stream, type SSEDataFrame, type StreamOptions } from './stream.js';
export type { APIErrorBody, APIErrorCode, APIErrorObject } from './types/api-error-body.js';
export type {
  ChatCompletionAnnotation,
  ChatCompletionDocumentCitation,
  ChatCompletionFunctionCitation,
} from './types/chat-completion-annotation.js';
export type {
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionChunkDelta,
  ChatCompletionChunkToolCallDelta,
} from './types/chat-completion-chunk.js';
export type {
  ChatCompletionContentPart,
  ChatCompletionContentPartDocument,
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
} from './types/chat-completion-content-part.js';
export type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionReasoningEffort,
  ChatCompletionReasoningFormat,
  ChatCompletionStreamOptions,
  // groq-sdk's name, imported from groq-sdk/resources/chat/completions for its nested names
  // (CompletionCreateParams.ResponseFormatJsonSchema): the same type, with them.
  ChatCompletionCreateParams as CompletionCreateParams,
  ServiceTier,
} from './types/chat-completion-create-params.js';
export type {
  ChatCompletionDocument,
  ChatCompletionDocumentSource,
  ChatCompletionDocumentSourceJson,
  ChatCompletionDocumentSourceText,
} from './types/chat-completion-document.js';
export type {
  ChatCompletionExecutedTool,
  ExecutedToolBrowserResult,
  ExecutedToolChart,
  ExecutedToolChartElement,
  ExecutedToolCodeResult,
  ExecutedToolSearchResult,
  ExecutedToolSearchResults,
} from './types/chat-completion-executed-tool.js';
export type { ChatCompletionMcpListTools, ChatCompletionMcpTool } from './types/chat-completion-mcp-list-tools.js';
export type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionDeveloperMessageParam,
  ChatCompletionFunctionMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionRole,
  ChatCompletionSystemMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from './types/chat-completion-message-param.js';
export type {
  ChatCompletionChoiceLogprobs,
  ChatCompletionTokenLogprob,
  ChatCompletionTopLogprob,
} from './types/chat-completion-token-logprob.js';
export type {
  ChatCompletionBuiltInTool,
  ChatCompletionFunctionCall,
  ChatCompletionFunctionCallOption,
  ChatCompletionFunctionTool,
  ChatCompletionMessageToolCall,
  ChatCompletionNamedToolChoice,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  ChatCompletionUntypedTool,
  FunctionDefinition,
  FunctionParameters,
} from './types/chat-completion-tool.js';
export type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionFinishReason,
  ChatCompletionMessage,
} from './types/chat-completion.js';
export type { ChatModel } from './types/chat-model.js';
export type {
  CompletionUsage,
  CompletionUsageCompletionTokensDetails,
  CompletionUsagePromptTokensDetails,
  UsageBreakdown,
  UsageBreakdownModel,
} from './types/completion-usage.js';
export type { CompoundCustom, CompoundCustomModels, CompoundCustomTools, WolframSettings } from './types/compound-custom.js';
export type { Model, ModelList, ModelListResponse } from './types/model.js';
export type {
  ResponseFormat,
  ResponseFormatJsonObject,
  ResponseFormatJsonSchema,
  ResponseFormatJsonSchemaDefinition,
  ResponseFormatText,
} from './types/response-format.js';
export type { SearchSettings } from './types/search-settings.js';
export type { ChatCompletionXGroq, XGroq, XGroqCacheUsage, XGroqDebug } from './types/x-groq.js';
export { chatRelayDefaults, checkChatRelayOptions, type ChatRelayOptions } from './chat-relay-options.js';
export { checkSSEStreamOptions, readClientOptions } from './client-option-checks.js';
export { createChatRelayRequest, type ChatRelayRequest } from './create-chat-relay-request.js';
export { fitConversation, type ConversationLimits, type ConversationMessage } from './fit-conversation.js';
export { isBlankText } from './is-blank-text.js';
export { ChatRequestError, type ChatRequestErrorOptions } from './errors/chat-request-error.js';
export { bodyTimeout, checkBodySize, checkContentEncoding, decodeRequestBody, parseChatRequest, type ChatRequestInput } from './parse-chat-request.js';
export { refusedBodyBounds } from './refused-body-bounds.js';
export { onAbort } from './on-abort.js';
export { relayErrorOf } from './relay-error-of.js';
export { relayErrorResponse, type RelayErrorResponse } from './relay-error-response.js';
