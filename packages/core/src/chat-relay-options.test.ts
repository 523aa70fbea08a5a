import { describe, expect, test } from 'vitest';
import { checkChatRelayOptions, type ChatRelayOptions } from './chat-relay-options.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';

const model = 'llama-3.3-70b-versatile';

describe('checkChatRelayOptions', () => {
  test.each([
    [{ model: 'm', client: undefined }, /needs `client`: a Groq client, or a function of the request that gives one; got undefined/],
    [{ model: 'm', client: 'gsk_key' }, /needs `client`.*got string/],
    [{ model: 'm', client: null }, /needs `client`.*got null/],
    [{ model: 'm', client: { chat: {} } }, /needs `client`.*got object/],
    [{}, /needs `model` \(a model name\) or `models`/],
    [{ model: '' }, /needs `model`/],
    [{ models: [] }, /a non-empty list of model names/],
    [{ models: [model, 7] }, /a non-empty list of model names/],
    [{ model, maxCompletionTokens: 0 }, /maxCompletionTokens must be a whole number from 1, got 0/],
    [{ model, maxBodyBytes: 1.5 }, /maxBodyBytes must be a whole number from 1, got 1\.5/],
    [{ model, maxMessages: -1 }, /maxMessages must be a whole number from 1, got -1/],
    [{ model, bodyTimeoutMs: -5 }, /bodyTimeoutMs must be a number of milliseconds from 0 .* \(0 turns it off\), got -5/],
    [{ model, heartbeatMs: -1 }, /heartbeatMs must be a number of milliseconds from 0 .* \(0 turns it off\), got -1/],
    [{ model, prepare: 'system prompt' }, /prepare must be a function, got string/],
    [{ model, allowSystemMessages: 'false' }, /^allowSystemMessages must be true or false, got a string\.$/],
    [{ model, allowSystemMessages: 1 }, /^allowSystemMessages must be true or false, got /],
    [{ model, requestOptions: { timeout: 0 } }, /requestOptions\.timeout must be a number of milliseconds from 1/],
    [{ model, requestOptions: { maxRetries: -2 } }, /requestOptions\.maxRetries must be a whole number from 0/],
    [{ model, requestOptions: { fetchOptions: { signal: new AbortController().signal } } }, /^requestOptions\.fetchOptions must not set signal: .*\. A relay needs none: it aborts upstream when the browser leaves\.$/],
    [{ model, requestOptions: { fetchOptions: { headers: { 'x-tenant': 'a' } } } }, /^requestOptions\.fetchOptions must not set headers: .*\(requestOptions\.headers in a relay\)/],
    [{ model, requestOptions: { signal: new AbortController().signal } }, /^requestOptions\.signal is not used: the relay passes each request the signal of the browser request, so it would never abort\. Leave it out: .*\(server\.closeAllConnections\(\) in Node\)\.$/],
    [{ model, requestOptions: { signal: 'stop' } }, /^requestOptions\.signal must be an AbortSignal, got "stop"/],
    [{ model, requestOptions: { fetchOptions: { body: '{}' } } }, /^requestOptions\.fetchOptions must not set body: .*\(a relay changes them in prepare\(\)\)\.$/],
  ])('%o is refused', (options, message) => {
    const error = (() => {
      try {
        checkChatRelayOptions({ client: () => new Groq({ apiKey: 'k' }), ...options } as unknown as ChatRelayOptions);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GroqError);
    expect((error as Error).message).toMatch(message);
  });

  test('options without a client at all (not even an undefined one, nor a getter up the prototype chain) are refused', () => {
    expect(() => checkChatRelayOptions({ model } as ChatRelayOptions)).toThrow(/needs `client`: a Groq client, or a function of the request that gives one; got undefined/);
  });

  test('valid options pass, and `client` is not read (it may be a getter that creates it on the first request)', () => {
    let clientReads = 0;
    const options = {
      get client(): Groq {
        clientReads++;
        return new Groq({ apiKey: 'k' });
      },
      models: [model, 'llama-3.1-8b-instant'],
      maxCompletionTokens: 1,
      maxBodyBytes: 1,
      maxMessages: 1,
      allowSystemMessages: true,
      bodyTimeoutMs: 0,
      heartbeatMs: 0,
      prepare: (params) => params,
      requestOptions: { timeout: 1, maxRetries: 0, streamIdleTimeout: 0 },
    } satisfies ChatRelayOptions;
    expect(() => checkChatRelayOptions(options)).not.toThrow();
    expect(() => checkChatRelayOptions({ client: options.client, model })).not.toThrow();
    expect(clientReads).toBe(1);
    class LazyOptions {
      readonly model = model;
      get client(): Groq {
        clientReads++;
        return new Groq({ apiKey: 'k' });
      }
    }
    expect(() => checkChatRelayOptions(new LazyOptions())).not.toThrow();
    expect(clientReads).toBe(1);
  });
});
