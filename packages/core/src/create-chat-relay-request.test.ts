import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ChatRelayOptions } from './chat-relay-options.js';
import { createChatRelayRequest } from './create-chat-relay-request.js';
import { Groq } from './groq.js';
import type { Logger } from './logger.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

const secret = 'gsk_ChatRelayRequestSecret0123456789';
const params: ChatCompletionCreateParamsStreaming = { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], stream: true };

/** A logger that keeps each call as `[level, ...arguments]`. */
function recordingLogger(): Logger & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const keep = (level: string) => (...line: unknown[]) => void calls.push([level, ...line]);
  return { calls, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}

const clientWith = (logger: Logger) => new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger });
const relayOptions = (options: Partial<ChatRelayOptions> & Pick<ChatRelayOptions, 'client'>): ChatRelayOptions => ({ model: params.model, ...options });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createChatRelayRequest', () => {
  test('writes the three lines through the client, each starting with the relay name, keys redacted', async () => {
    const logger = recordingLogger();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }));
    await relayed.prepare(params, {});
    relayed.logUpstreamFailure(401, new Error(`Invalid API Key ${secret}`));
    relayed.logMidStreamFailure(new Error('cut off'));
    relayed.logMidStreamFailure(new Error('cut off'), 0);
    relayed.logMidStreamFailure(new Error('cut off'), 1);
    relayed.logMidStreamFailure(new Error('cut off'), 4);
    relayed.logAppFailure(new Error(`prompt store failed for ${secret}`));
    expect(logger.calls.map(([level, line]) => [level, line])).toEqual([
      ['warn', '[groq-stream] myRelay: the chat request failed upstream (the browser got 401). Invalid API Key [redacted]'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream (the browser got an error event). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed before its first chunk (the browser got an error event). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream (the browser got an error event after 1 chunk). cut off'],
      ['warn', '[groq-stream] myRelay: the answer failed mid-stream (the browser got an error event after 4 chunks). cut off'],
      ['error', '[groq-stream] myRelay: the chat request failed before streaming, in the client or prepare option: prompt store failed for [redacted]'],
    ]);
    expect((logger.calls[5]![2] as Error).message).toBe('prompt store failed for [redacted]');
  });

  test('a client given as such is read once and known before prepare, so a bug there is logged through it', async () => {
    const logger = recordingLogger();
    const client = clientWith(logger);
    let reads = 0;
    const options = relayOptions({
      get client() {
        reads++;
        return client;
      },
      prepare: () => {
        throw new Error('prompt store down');
      },
    });
    const relayed = createChatRelayRequest('myRelay', options);
    const failure = await relayed.prepare(params, {}).catch((error: unknown) => error);
    relayed.logAppFailure(failure);
    expect(reads).toBe(1);
    expect(logger.calls.map(([level]) => level)).toEqual(['error']);
  });

  test('a client function is called after prepare with the request; before it gives a client, lines go to console', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const logger = recordingLogger();
    const client = clientWith(logger);
    const order: string[] = [];
    const request = { url: '/api/chat' };
    const options = relayOptions({
      client: (given) => {
        order.push(given === request ? 'client, with the request' : 'client, without it');
        return client;
      },
      prepare(prepared, given) {
        order.push(given === request && this === options ? 'prepare, on the options' : 'prepare, elsewhere');
        return { ...prepared, temperature: 0 };
      },
    });
    const relayed = createChatRelayRequest('myRelay', options);
    expect(await relayed.prepare(params, request)).toEqual({ params: { ...params, temperature: 0 }, client });
    expect(order).toEqual(['prepare, on the options', 'client, with the request']);
    relayed.logUpstreamFailure(500, new Error('down'));
    expect(logger.calls).toHaveLength(1);
    const early = createChatRelayRequest('myRelay', relayOptions({ client: () => client, prepare: () => Promise.reject(new Error('no tenant')) }));
    early.logAppFailure(await early.prepare(params, request).catch((failure: unknown) => failure));
    expect(error.mock.calls.map(([line]) => line)).toEqual(['[groq-stream] myRelay: the chat request failed before streaming, in the client or prepare option: no tenant']);
    expect(logger.calls).toHaveLength(1);
  });

  test('writes nothing once the signal has aborted: the browser left and got neither the status nor the event', async () => {
    const logger = recordingLogger();
    const left = new AbortController();
    const relayed = createChatRelayRequest('myRelay', relayOptions({ client: clientWith(logger) }), left.signal);
    await relayed.prepare(params, {});
    relayed.logUpstreamFailure(401, new Error('refused'));
    left.abort();
    relayed.logUpstreamFailure(401, new Error('refused'));
    relayed.logMidStreamFailure(new Error('cut off'), 2);
    relayed.logAppFailure(new Error('a bug'));
    expect(logger.calls.map(([level]) => level)).toEqual(['warn']);
  });
});
