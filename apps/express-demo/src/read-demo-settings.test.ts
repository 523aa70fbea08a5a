import { describe, expect, test } from 'vitest';
import { readDemoSettings } from './read-demo-settings.js';

// Nothing starts here: start() (server.test.ts) is tested on port 0, never on the default port, which a
// demo running on this machine may hold.

describe('readDemoSettings', () => {
  test('without any variable: port 3000 on 127.0.0.1, no key, Groq, the default model, the client\'s retries', () => {
    expect(readDemoSettings({})).toEqual({ port: 3000, host: '127.0.0.1', allowedHosts: ['127.0.0.1'], apiKey: undefined, baseURL: undefined, model: undefined, maxRetries: undefined });
  });

  // As the node client and groq-stream's CLI read GROQ_API_KEY and GROQ_BASE_URL: `PORT= ` in a shell or a .env file is
  // the default, where it was refused ('PORT must be an integer from 0 to 65535, got " "') or, for HOST, listened on.
  test.each(['', ' ', ' \t\n '])('takes each variable of only blanks (%j) as unset: its default', (blank) => {
    const env = Object.fromEntries(['PORT', 'HOST', 'ALLOWED_HOSTS', 'GROQ_API_KEY', 'GROQ_BASE_URL', 'GROQ_MODEL', 'GROQ_MAX_RETRIES'].map((name) => [name, blank]));
    expect(readDemoSettings(env)).toEqual(readDemoSettings({}));
  });

  test('reads set values without the blanks around them', () => {
    const env = { PORT: ' 8080 ', HOST: ' ::1\n', ALLOWED_HOSTS: ' demo.example ', GROQ_API_KEY: ' gsk_demo\n', GROQ_BASE_URL: ' http://127.0.0.1:8787 ', GROQ_MODEL: ' llama-3.1-8b-instant\n', GROQ_MAX_RETRIES: ' 0 ' };
    expect(readDemoSettings(env)).toEqual({
      port: 8080,
      host: '::1',
      allowedHosts: ['demo.example', '[::1]'],
      apiKey: 'gsk_demo',
      baseURL: 'http://127.0.0.1:8787',
      model: 'llama-3.1-8b-instant',
      maxRetries: 0,
    });
  });

  test.each([
    [{ PORT: 'http' }, 'PORT must be an integer from 0 to 65535, got "http".'],
    [{ GROQ_MAX_RETRIES: 'many' }, 'GROQ_MAX_RETRIES must be an integer of at least 0, got "many".'],
    [{ HOST: 'my laptop' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "my laptop".'],
    [{ HOST: 'http://127.0.0.1' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "http://127.0.0.1".'],
    // Taken as an IPv6 address in brackets, which server.listen() then could not find (ENOTFOUND), after the
    // embedded mock had started.
    [{ HOST: '127.0.0.1:3000' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "127.0.0.1:3000".'],
    [{ HOST: '[::1]' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "[::1]".'],
    [{ HOST: '300.1.1.1' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "300.1.1.1".'],
    [{ HOST: '-demo.example' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "-demo.example".'],
    [{ HOST: 'demo-.example' }, 'HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "demo-.example".'],
  ])('refuses %o naming the variable and its value', (env, message) => {
    expect(() => readDemoSettings(env)).toThrow(new RangeError(message));
  });
});
