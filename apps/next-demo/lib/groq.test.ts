import { afterEach, describe, expect, test, vi } from 'vitest';
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
