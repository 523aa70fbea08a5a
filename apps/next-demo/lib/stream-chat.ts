import { createAPIError, fitConversation, Stream, type ChatCompletionChunk } from '@groq-stream/web';
import { timeReads } from './time-reads';

/** One turn of the conversation, as the page keeps it and the relay accepts it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** How fast the answer came: what the page shows under it. */
export interface ChatStats {
  /** From sending the request to the arrival of the first token of text, in milliseconds. */
  timeToFirstTokenMs: number | undefined;
  /**
   * Tokens so far: counted chunks of text or reasoning while streaming, Groq's `completion_tokens` once it reports
   * them, which counts tool calls too: an answer of tool calls only has a count but no `timeToFirstTokenMs`.
   */
  tokens: number;
  /**
   * Tokens per second from the first token's arrival to the latest one's, once they are at least 250 ms and 5 tokens
   * apart (the Express page's rule): before that, and for an answer that came all at once, none. A token arrives
   * with the read of the response body that brought it (`timeReads`), not when the page gets to it.
   */
  tokensPerSecond: number | undefined;
  /** Why the answer ended, once it has: `'length'` means it was cut at the relay's token limit. */
  finishReason?: ChatCompletionChunk.Choice['finish_reason'] | undefined;
  /** Earlier messages that were not sent, so that the conversation fits the relay's limits (0 when all were). */
  messagesLeftOut: number;
}

/** Options of {@link streamChat}. */
export interface StreamChatOptions {
  /** The relay's URL, e.g. `/api/chat` or `/api/chat/edge`. */
  endpoint: string;
  messages: readonly ChatMessage[];
  /** Aborting it stops the answer: the browser closes the connection and the relay aborts Groq's stream. */
  controller: AbortController;
  /** Called with each piece of text as it arrives. */
  onText: (text: string) => void;
  /** Called whenever the figures change. */
  onStats?: ((stats: ChatStats) => void) | undefined;
  /** Default: the global `fetch`, looked up at each call. */
  fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Default: `performance.now()`. Read at the start and at each read of the response body. */
  now?: (() => number) | undefined;
  /**
   * Longest wait for the next chunk, in milliseconds, before the answer fails with `StreamIdleTimeoutError`.
   * Default 90 s: longer than the relay's own wait for Groq (its client's `streamIdleTimeout`, 60 s), which
   * ends a stalled answer with an error event first. So this catches only a connection that died without a
   * word (a relay that crashed, a network that dropped), which fetch would otherwise wait on for ever: the
   * relay's heartbeats keep such a connection looking open, and do not count as chunks.
   */
  idleTimeout?: number | undefined;
}

const defaultIdleTimeout = 90_000;

/**
 * The shortest stretch, from the first token's arrival to the last one's, over which a rate is shown: the tokens of
 * one read (a proxy that buffers the stream, a connection that caught up) arrive together (timeReads), and a rate
 * over reads a few milliseconds apart ("38390.7 tokens/s · 2 tokens") measured the page, not the answer. A quarter
 * of a second is 150 tokens at 600 tokens/s, a fast model's pace. The Express page's rule is the same (apps/express-demo/src/client/format-stats.ts).
 */
const shortestRateSpanMs = 250;
/** The fewest tokens after the first over which a rate is shown: one or two gaps between tokens are no pace. */
const fewestRateTokens = 5;

/**
 * Posts the conversation to the relay and reads the answer with `Stream.fromSSEResponse`, handing each
 * piece of text to `onText` as it arrives. Resolves with the final figures when the answer is complete;
 * rejects with the library's typed errors: an `APIError` subclass when the relay refused (`RateLimitError`
 * for 429), a `StreamError` subclass when the answer broke off, `APIUserAbortError` after `abort()`, a
 * `TypeError` when the server could not be reached.
 */
export async function streamChat(options: StreamChatOptions): Promise<ChatStats> {
  const { endpoint, messages, controller, onText, onStats } = options;
  const fetchChat = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  // The relay takes at most 100 messages and 64 KiB: a long conversation sends its latest turns only.
  const sent = fitConversation(messages);
  const response = await fetchChat(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ messages: sent }),
    signal: controller.signal,
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw createAPIError(response.status, body, response.headers, { method: 'POST', path: new URL(endpoint, 'http://page').pathname });
  }

  // Each token is timed by the read that brought it: the page may take long over the tokens of one read.
  const timed = timeReads(response, now);
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let stats: ChatStats = { timeToFirstTokenMs: undefined, tokens: 0, tokensPerSecond: undefined, messagesLeftOut: messages.length - sent.length };
  const idleTimeout = options.idleTimeout ?? defaultIdleTimeout;
  for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(timed.response, controller, { idleTimeout })) {
    const delta = chunk.choices[0]?.delta;
    const finishReason = chunk.choices[0]?.finish_reason ?? stats.finishReason;
    const text = delta?.content;
    // Reasoning counts as tokens too (Groq's completion_tokens does), though only the answer is shown.
    const token = Boolean(text || delta?.reasoning);
    const usage = chunk.x_groq?.usage ?? chunk.usage;
    if (!token && !usage && finishReason === stats.finishReason) continue;
    const at = timed.lastReadAt() ?? now();
    if (token) {
      firstTokenAt ??= at;
      lastTokenAt = at;
    }
    if (text) onText(text);
    const tokens = usage?.completion_tokens ?? stats.tokens + (token ? 1 : 0);
    // To the last token, not to this chunk: a usage chunk or a finish_reason comes after the answer, as on the Express page.
    const spanMs = firstTokenAt === undefined || lastTokenAt === undefined ? 0 : lastTokenAt - firstTokenAt;
    stats = {
      timeToFirstTokenMs: firstTokenAt === undefined ? undefined : firstTokenAt - startedAt,
      tokens,
      // The first token starts the clock, so it is not counted in the rate.
      tokensPerSecond: spanMs >= shortestRateSpanMs && tokens - 1 >= fewestRateTokens ? (tokens - 1) / (spanMs / 1000) : stats.tokensPerSecond,
      finishReason,
      messagesLeftOut: stats.messagesLeftOut,
    };
    onStats?.(stats);
  }
  return stats;
}
