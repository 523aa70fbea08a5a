import {
  APIConnectionError,
  APIUserAbortError,
  createAPIError,
  StreamIdleTimeoutError,
  StreamInvalidDataError,
  sseFrames,
  Stream,
  StreamServerError,
  StreamTruncatedError,
  toSafeErrorPayload,
} from '@groq-stream/web';
import { ChatRequestError, relayErrorResponse } from '@groq-stream/core';
import { describe, expect, test } from 'vitest';
import { describeChatError } from './describe-chat-error';

const relayError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  createAPIError(status, { error }, new Headers(headers), { method: 'POST', path: '/api/chat' });

/**
 * The error the page's stream throws for the relay's `event: error` with `payload` after a chunk of the answer,
 * as `Stream.fromSSEResponse` reads it back.
 */
async function midStreamError(payload: Parameters<typeof sseFrames.error>[0]): Promise<unknown> {
  const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] };
  const response = new Response(sseFrames.data(chunk) + sseFrames.error(payload), { headers: { 'content-type': 'text/event-stream' } });
  try {
    for await (const _ of Stream.fromSSEResponse(response, new AbortController())) {
      // The chunk before the error.
    }
  } catch (error) {
    return error;
  }
  throw new Error('The stream ended without its error.');
}

/** The error the page's stream throws for the relay's `event: error` with `payload` as its first event, before any chunk. */
async function firstEventError(payload: Parameters<typeof sseFrames.error>[0]): Promise<unknown> {
  const response = new Response(sseFrames.heartbeat + sseFrames.error(payload), { headers: { 'content-type': 'text/event-stream' } });
  try {
    for await (const _ of Stream.fromSSEResponse(response, new AbortController())) {
      // No chunk comes.
    }
  } catch (error) {
    return error;
  }
  throw new Error('The stream ended without its error.');
}

/** The relay's payload for Groq's error event `error` stopping a stream, as it sends it on to the page. */
const relayedGroqError = (error: Record<string, unknown>) => toSafeErrorPayload(new StreamServerError(String(error.message), { error }));

describe('describeChatError', () => {
  test('Stop is not an error', () => {
    expect(describeChatError(new APIUserAbortError())).toBeUndefined();
    expect(describeChatError(new DOMException('The operation was aborted.', 'AbortError'))).toBeUndefined();
  });

  test('a rate limit says to wait, for how long when known', () => {
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy', retryAfter: 7 }))).toBe(
      'Too many requests: the AI service is busy right now. Please wait 7 seconds and try again.',
    );
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy' }, { 'retry-after': '1' }))).toMatch(/wait 1 second and/);
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy' }))).toMatch(/wait a moment and try again/);
    // A long wait (a limit per day or per hour) in minutes and hours: "Please wait 3600 seconds" had to be worked out.
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy', retryAfter: 3600 }))).toMatch(/ Please wait 1 hour and try again.$/);
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy' }, { 'retry-after': '150' }))).toMatch(/ Please wait 3 minutes and try again.$/);
  });

  test("the app's own 429 (a ChatRequestError from prepare) is the app's refusal in its words, not the AI service being busy", () => {
    const own = relayErrorResponse(new ChatRequestError('You can send 20 messages an hour.', { status: 429, code: 'app_rate_limited' }));
    expect(own.body.error.type).not.toBe('rate_limit');
    const shown = (headers: Record<string, string>) =>
      describeChatError(createAPIError(own.status, own.body, new Headers({ ...own.headers, ...headers }), { method: 'POST', path: '/api/chat' }));
    expect(shown({})).toBe('The message could not be sent: You can send 20 messages an hour.');
    expect(shown({ 'retry-after': '30' })).toBe('The message could not be sent: You can send 20 messages an hour. Please wait 30 seconds and try again.');
    expect(shown({ 'retry-after': '5400' })).toBe('The message could not be sent: You can send 20 messages an hour. Please wait 1 hour 30 minutes and try again.');
    // A 429 without the relay's words (a proxy's page) is not Groq's either.
    expect(describeChatError(createAPIError(429, '<html>slow down</html>', new Headers(), { method: 'POST', path: '/api/chat' }))).toBe(
      'The message could not be sent: too many requests. Please wait a moment and try again.',
    );
  });

  test("the relay's own messages are shown, with what to do", () => {
    expect(describeChatError(relayError(400, { message: '"messages" has 101 entries; at most 100 are accepted.' }))).toBe(
      'The message could not be sent: "messages" has 101 entries; at most 100 are accepted.',
    );
    expect(describeChatError(relayError(413, { message: 'The request body is larger than 65536 bytes. Send a shorter conversation.' }))).toMatch(
      /^Your conversation is too long to send\. The request body/,
    );
    expect(describeChatError(relayError(502, { message: 'The server is not authorized to use the AI service.' }))).toBe(
      'The server is not authorized to use the AI service.',
    );
    expect(describeChatError(createAPIError(503, '<html>Bad gateway</html>', new Headers()))).toBe('The server had a problem (HTTP 503). Please try again.');
  });

  test("Groq refusing the server's key or at capacity is no failure to send: the message reached the server", () => {
    for (const status of [401, 403]) {
      expect(describeChatError(relayError(status, { type: 'authentication', message: 'The server is not authorized to use the AI service.', status }))).toBe(
        'The server is not authorized to use the AI service.',
      );
    }
    const capacity = { type: 'capacity', message: 'The AI service is at capacity right now. Please try again in a moment.', status: 498 };
    expect(describeChatError(relayError(498, capacity))).toBe('The AI service is at capacity right now. Please wait a moment and try again.');
    expect(describeChatError(relayError(498, { ...capacity, retryAfter: 3 }))).toBe('The AI service is at capacity right now. Please wait 3 seconds and try again.');
    expect(describeChatError(relayError(498, { ...capacity, retryAfter: 600 }))).toBe('The AI service is at capacity right now. Please wait 10 minutes and try again.');
    // The app's own refusal of the person's request (a client factory that throws ChatRequestError 401) was not sent on.
    expect(describeChatError(relayError(401, { type: 'invalid_request_error', code: 'sign_in_required', message: 'Sign in to chat.' }))).toBe(
      'The message could not be sent: Sign in to chat.',
    );
  });

  test("Groq's refusal of the request, whatever its status, is said in the relay's words: the message was sent, and refused", () => {
    /** What the page shows for the relay's answer to Groq's `status` with `body` (Groq's error shape). */
    const shownForGroq = (status: number, body: unknown): string | undefined => {
      const relay = relayErrorResponse(createAPIError(status, body, new Headers(), { method: 'POST', path: '/openai/v1/chat/completions' }));
      expect(relay.body.error.type).toBe('invalid_request');
      return describeChatError(createAPIError(relay.status, relay.body, new Headers(relay.headers), { method: 'POST', path: '/api/chat' }));
    };
    const groqError = (message: string, code: string) => ({ error: { message, type: 'invalid_request_error', code } });
    expect(shownForGroq(404, groqError('The model `llama-9` does not exist or you do not have access to it.', 'model_not_found'))).toBe(
      'The AI service rejected the request: The model `llama-9` does not exist or you do not have access to it.',
    );
    expect(shownForGroq(400, groqError('Please reduce the length of the messages or completion.', 'context_length_exceeded'))).toBe(
      'The AI service rejected the request: Please reduce the length of the messages or completion.',
    );
    // Groq's 413 (tokens per minute) is no body too large for the relay: the conversation was sent.
    expect(shownForGroq(413, groqError('Request too large for model `m` on tokens per minute (TPM): Limit 6000, Requested 9000.', 'rate_limit_exceeded'))).toBe(
      'The AI service rejected the request: Request too large for model `m` on tokens per minute (TPM): Limit 6000, Requested 9000.',
    );
    for (const status of [400, 404, 409, 422]) {
      expect(shownForGroq(status, '<html>no words</html>')).toBe(`The AI service rejected the request (HTTP ${status}).`);
    }
    // Groq's 408 is the relay's timeout (a 504), not a refusal: a browser resends a POST answered with a 408.
    const timedOut = relayErrorResponse(createAPIError(408, '<html>no words</html>', new Headers(), { method: 'POST', path: '/openai/v1/chat/completions' }));
    expect([timedOut.status, timedOut.body.error.type]).toEqual([504, 'timeout']);
  });

  test('the relay failing to get an answer upstream is said in its words, whatever the status', () => {
    expect(describeChatError(relayError(504, { type: 'timeout', message: 'The AI service took too long to answer. Please try again.', status: 504 }))).toBe(
      'The AI service took too long to answer. Please try again.',
    );
    expect(describeChatError(relayError(502, { type: 'upstream_error', message: 'Could not reach the AI service. Please try again.', status: 502 }))).toBe(
      'Could not reach the AI service. Please try again.',
    );
    // A relayed stream's error frame before the first byte may carry a 4xx status: it still went upstream.
    expect(describeChatError(relayError(400, { type: 'upstream_error', message: 'The AI service stopped with an error: bad tool call', status: 400 }))).toBe(
      'The AI service stopped with an error: bad tool call',
    );
    expect(describeChatError(relayError(500, { type: 'server_error', message: 'The server could not handle the chat request.', status: 500 }))).toBe(
      'The server could not handle the chat request.',
    );
  });

  test("the app's own refusals, before anything went upstream, say the message could not be sent", () => {
    const own = (status: number, code: string, message: string) => relayError(status, { type: 'invalid_request_error', code, message });
    expect(describeChatError(own(400, 'invalid_messages', '"messages[0].role" must be "user" or "assistant".'))).toBe(
      'The message could not be sent: "messages[0].role" must be "user" or "assistant".',
    );
    expect(describeChatError(own(415, 'unsupported_media_type', 'The request must be JSON (content-type: application/json), not text/plain.'))).toMatch(
      /^The message could not be sent: The request must be JSON/,
    );
    expect(describeChatError(own(413, 'body_too_large', 'The request body is larger than 65536 bytes. Send a shorter conversation.'))).toBe(
      'Your conversation is too long to send. The request body is larger than 65536 bytes. Send a shorter conversation.',
    );
  });

  test('a stream broken once some of the answer showed says the answer is incomplete, and to try again', () => {
    // Groq's words without a full stop end a sentence of their own, rather than run into the advice.
    expect(describeChatError(new StreamServerError('The AI service stopped with an error: overloaded'), true)).toBe(
      'The answer stopped early. The AI service stopped with an error: overloaded. Please try again.',
    );
    expect(describeChatError(new StreamServerError('The AI service stopped with an error: Tool call validation failed (see "failed_generation")'), true)).toBe(
      'The answer stopped early. The AI service stopped with an error: Tool call validation failed (see "failed_generation"). Please try again.',
    );
    // Groq's 500 wording says to retry already: not "Please retry your request. Please try again."
    expect(describeChatError(new StreamServerError('The AI service stopped with an error: The server had an error while generating the response. Please retry your request.'), true)).toBe(
      'The answer stopped early. The AI service stopped with an error: The server had an error while generating the response. Please retry your request.',
    );
    // The relay's words that already say what to do are not followed by it again.
    expect(describeChatError(new StreamServerError('The answer was interrupted. Please try again.'), true)).toBe(
      'The answer stopped early. The answer was interrupted. Please try again.',
    );
    expect(describeChatError(new StreamTruncatedError('cut'), true)).toBe('The connection was lost before the answer was complete. Please try again.');
    // The relay's event for Groq's answer cut off on its side: its words, not a lost connection of the page's.
    expect(describeChatError(new StreamTruncatedError(undefined, { error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', code: 'stream_truncated' } }), true)).toBe(
      'The answer stopped early. The answer was interrupted. Please try again.',
    );
    expect(describeChatError(new StreamTruncatedError(undefined, { error: { type: 'answer_lost', message: 'Sorry, Groq cut the answer', code: 'stream_truncated' } }), true)).toBe(
      'The answer stopped early. Sorry, Groq cut the answer. Please try again.',
    );
    expect(describeChatError(new StreamIdleTimeoutError(1000))).toBe('The answer stalled, so the page stopped waiting for it. Please try again.');
  });

  test('an error event or a lost connection before any of the answer showed says what happened, not that the answer stopped early', async () => {
    // As the relay's refusal before the answer says it: Groq's rate limit as its first event, and any other error event.
    const rateLimit = relayedGroqError({ message: 'Rate limit reached for model `llama-3.1-8b-instant`. Please try again in 2.5s.', type: 'requests', code: 'rate_limit_exceeded', status: 429 });
    expect(describeChatError(await firstEventError(rateLimit))).toBe('Too many requests: the AI service is busy right now. Please wait 3 seconds and try again.');
    expect(describeChatError(await firstEventError({ ...rateLimit, retryAfter: 7 }), false)).toBe(
      'Too many requests: the AI service is busy right now. Please wait 7 seconds and try again.',
    );
    const capacity = relayedGroqError({ message: 'Flex tier capacity exceeded. Please try again later.', type: 'capacity_exceeded', code: 'capacity_exceeded', status: 498 });
    expect(describeChatError(await firstEventError(capacity))).toBe('The AI service is at capacity right now. Please wait a moment and try again.');
    expect(describeChatError(await firstEventError({ type: 'upstream_error', message: 'The AI service stopped with an error: overloaded', status: 502 }))).toBe(
      'The AI service stopped with an error: overloaded. Please try again.',
    );
    expect(describeChatError(new StreamServerError('The AI service stopped with an error: The server had an error while generating the response. Please retry your request.'))).toBe(
      'The AI service stopped with an error: The server had an error while generating the response. Please retry your request.',
    );
    expect(describeChatError(new StreamTruncatedError(undefined, { error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', code: 'stream_truncated' } }))).toBe(
      'The answer was interrupted. Please try again.',
    );
    expect(describeChatError(new StreamTruncatedError('cut'))).toBe('The connection was lost before the answer came. Please try again.');
  });

  test("Groq's rate limit or capacity limit stopping the answer midway says so, and how long to wait, as before the answer", async () => {
    // Groq's error event mid-stream, as the relay passes it on (type `rate_limit`, `capacity`) and the page reads it back.
    const rateLimit = relayedGroqError({
      message: 'Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01abc` on tokens per minute (TPM): Limit 6000, Used 5671, Requested 412. Please try again in 830ms.',
      type: 'tokens',
      code: 'rate_limit_exceeded',
      status: 429,
    });
    expect(rateLimit.type).toBe('rate_limit');
    // Groq says the wait only in its words (830ms), which the relay passes on as retryAfter, in whole seconds.
    expect(rateLimit.retryAfter).toBe(1);
    expect(describeChatError(await midStreamError(rateLimit), true)).toBe(
      'The answer stopped early. Too many requests: the AI service is busy right now. Please wait 1 second and try again.',
    );
    expect(describeChatError(await midStreamError({ ...rateLimit, message: 'Rate limit reached.', retryAfter: undefined }), true)).toBe(
      'The answer stopped early. Too many requests: the AI service is busy right now. Please wait a moment and try again.',
    );
    // A relay's `retryAfter` (a relayed relay's, or an app's errorPayload's): how long, in whole seconds.
    expect(describeChatError(await midStreamError({ ...rateLimit, retryAfter: 7 }), true)).toBe(
      'The answer stopped early. Too many requests: the AI service is busy right now. Please wait 7 seconds and try again.',
    );
    expect(describeChatError(await midStreamError({ ...rateLimit, retryAfter: 0.4 }), true)).toMatch(/Please wait 1 second and try again\.$/);
    const capacity = relayedGroqError({ message: 'Flex tier capacity exceeded. Please try again later.', type: 'capacity_exceeded', code: 'capacity_exceeded', status: 498 });
    expect(capacity.type).toBe('capacity');
    expect(describeChatError(await midStreamError(capacity), true)).toBe('The answer stopped early. The AI service is at capacity right now. Please wait a moment and try again.');
    expect(describeChatError(await midStreamError({ ...capacity, retryAfter: 3 }), true)).toBe(
      'The answer stopped early. The AI service is at capacity right now. Please wait 3 seconds and try again.',
    );
    // Any other error event keeps the relay's words.
    expect(describeChatError(await midStreamError({ type: 'upstream_error', message: 'The AI service stopped with an error: overloaded', status: 502 }), true)).toBe(
      'The answer stopped early. The AI service stopped with an error: overloaded. Please try again.',
    );
  });

  test('an unreachable server is a network problem', () => {
    expect(describeChatError(new TypeError('Failed to fetch'))).toBe('Could not reach the server. Check your network connection and try again.');
    expect(describeChatError(new APIConnectionError('x'))).toBe('Could not reach the server. Check your network connection and try again.');
  });

  test('a refusal without the relay words (a proxy page in front of it) still says what happened', () => {
    const page = (status: number) => createAPIError(status, '<html>refused</html>', new Headers(), { method: 'POST', path: '/api/chat' });
    expect(describeChatError(page(413))).toBe('Your conversation is too long to send.');
    expect(describeChatError(page(403))).toBe('The message could not be sent: the server answered 403.');
  });

  test('an answer the page cannot read, or any other failure, asks to try again', () => {
    expect(describeChatError(new StreamInvalidDataError('The stream sent data that is not JSON.'))).toBe('Something went wrong. Please try again.');
    expect(describeChatError(new Error('unexpected'))).toBe('Something went wrong. Please try again.');
  });
});
