import { afterEach, describe, expect, test, vi } from 'vitest';
import { chatRelayOptions } from './groq';

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
});
