import type { Groq, RequestOptions } from './groq.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

/**
 * Options of the relays that take a conversation from a browser and stream Groq's answer back
 * (`createChatStreamMiddleware` in `@groq-stream/node`, `createChatRouteHandler` in `@groq-stream/web`).
 * The browser sends `{ messages, model? }`; everything else is decided here, on the server.
 */
export interface ChatRelayOptions {
  /** The client that talks to Groq (it holds the key; the browser never sees it). */
  client: Groq;
  /** The model to use. Give this or `models`. */
  model?: string | undefined;
  /** Models the browser may choose from with `model`; the first is the default. */
  models?: readonly string[] | undefined;
  /** `max_completion_tokens` of every request. Default 1024. */
  maxCompletionTokens?: number | undefined;
  /** Largest request body, in bytes; larger bodies get 413. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
  /** Most messages in one conversation. Default 100. */
  maxMessages?: number | undefined;
  /** Let the browser send `system` (and `developer`) messages. Default false: the server owns the prompt. */
  allowSystemMessages?: boolean | undefined;
  /** Heartbeat comment interval while streaming, in milliseconds; 0 turns them off. Default 15 000. */
  heartbeatMs?: number | undefined;
  /** Per-request options for the upstream call (timeouts, retries, headers). */
  requestOptions?: Omit<RequestOptions, 'signal'> | undefined;
  /**
   * Last look at the parameters before they are sent: add a system prompt, set temperature, tools or
   * `user`, or throw a `ChatRequestError` to refuse. Gets the incoming web `Request` (web) or Node request.
   */
  prepare?: ((params: ChatCompletionCreateParamsStreaming, request: unknown) => ChatCompletionCreateParamsStreaming | Promise<ChatCompletionCreateParamsStreaming>) | undefined;
}

/** Defaults of {@link ChatRelayOptions}. */
export const chatRelayDefaults = {
  /** Default of {@link ChatRelayOptions.maxCompletionTokens}. */
  maxCompletionTokens: 1024,
  /** Default of {@link ChatRelayOptions.maxBodyBytes}: 64 KiB. */
  maxBodyBytes: 64 * 1024,
  /** Default of {@link ChatRelayOptions.maxMessages}. */
  maxMessages: 100,
} as const;
