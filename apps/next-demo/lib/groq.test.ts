import { afterEach, describe, expect, test, vi } from 'vitest';
import { GroqError } from '@groq-stream/web';
import { chatRelayOptions, defaultModel } from './groq';

// The client is built from process.env at each request; none is sent here (the client is only looked at).

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the routes\' client', () => {
  test('a GROQ_BASE_URL of only blanks is unset, as the web client and groq-stream\'s CLI read it: Groq\'s address', () => {
    vi.stubEnv('GROQ_API_KEY', 'test-key');
    vi.stubEnv('GROQ_BASE_URL', ' \t ');
    vi.stubEnv('GROQ_MAX_RETRIES', undefined);
    expect(chatRelayOptions.client).toMatchObject({ baseURL: 'https://api.groq.com' });
  });

  test('a GROQ_MAX_RETRIES of only blanks is unset: the client\'s 2 retries, not none (Number(" ") is 0)', () => {
    vi.stubEnv('GROQ_API_KEY', 'test-key');
    vi.stubEnv('GROQ_BASE_URL', undefined);
    vi.stubEnv('GROQ_MAX_RETRIES', ' \t ');
    expect(chatRelayOptions.client).toMatchObject({ maxRetries: 2 });
    vi.stubEnv('GROQ_MAX_RETRIES', ' 0 ');
    expect(chatRelayOptions.client).toMatchObject({ maxRetries: 0 });
  });

  // A key pasted with a line break, a space or a letter of another alphabet in it, under `next start` run without
  // scripts/start.mjs (which refuses to start with it): the relay logs this error at each chat request.
  test.each([
    ['a line break', 'gsk_Wq3secret\nZx9tail'],
    ['a space', 'gsk_Wq3secret Zx9tail'],
    ['a character past latin-1', 'gsk_Wq3secret\u20acZx9tail'],
  ])('a GROQ_API_KEY with %s is refused naming GROQ_API_KEY and what to do, never quoting the key', (_, key) => {
    vi.stubEnv('GROQ_API_KEY', key);
    vi.stubEnv('GROQ_BASE_URL', undefined);
    vi.stubEnv('GROQ_MAX_RETRIES', undefined);
    let error: unknown;
    try {
      void chatRelayOptions.client;
    } catch (caught) {
      error = caught;
    }
    // A GroqError still, which the relay answers as a server not set up (a 500 the page words so).
    expect(GroqError.isInstance(error)).toBe(true);
    const { message } = error as GroqError;
    expect(message).toMatch(/^GROQ_API_KEY cannot be used: The API key contains a character that HTTP headers cannot carry \(U\+[0-9A-F]{4}, at position 14 of 21\)\. .*Fix GROQ_API_KEY or unset it\.$/);
    for (const part of ['Wq3', 'secret', 'Zx9', 'tail']) expect(`${message} ${String((error as Error).cause)}`).not.toContain(part);
  });
});

describe('the routes\' model', () => {
  test('a GROQ_MODEL of only blanks is unset: the default model, not a name of blanks', () => {
    vi.stubEnv('GROQ_MODEL', ' \t ');
    expect(chatRelayOptions.model).toBe(defaultModel);
    vi.stubEnv('GROQ_MODEL', '');
    expect(chatRelayOptions.model).toBe(defaultModel);
    vi.stubEnv('GROQ_MODEL', ' llama-3.1-8b-instant\n');
    expect(chatRelayOptions.model).toBe('llama-3.1-8b-instant');
  });
});
