import { describe, expect, test } from 'vitest';
import { redactSecretsDeep } from './redact-secrets-deep.js';

// The rest of redactSecretsDeep's cases are in redact-secrets.test.ts, with the text patterns they share.
describe('what a credential’s name holds, whatever its shape', () => {
  test('an object, a list of anything, bytes or a number under it is hidden, as a string there is', () => {
    const echo = {
      password: { value: 'hunter2222' },
      api_key: ['sk-proj-abc123def456', 1],
      headers: { authorization: { scheme: 'Bearer', token: 'opaque-0123' }, cookie: new Map([['session', 'abc']]) },
      db: { password: 12345678, user: 'bob' },
      privateKey: new TextEncoder().encode('-----BEGIN PRIVATE KEY-----'),
      'set-cookie': ['session=abc123; HttpOnly', ['nested']],
    };
    expect(redactSecretsDeep(echo)).toEqual({
      password: '[redacted]',
      api_key: ['[redacted]', '[redacted]'],
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      db: { password: '[redacted]', user: 'bob' },
      privateKey: '[redacted]',
      'set-cookie': ['[redacted]', '[redacted]'],
    });
    // A Map's string keys are names too; so are an error's own fields.
    expect([...redactSecretsDeep(new Map([['x-api-key', { value: 'sk-proxy-0123456789' }]]))]).toEqual([['x-api-key', '[redacted]']]);
    const error = redactSecretsDeep(Object.assign(new Error('401'), { token: { access: 'opaque-0123' } }));
    expect((error as Error & { token: unknown }).token).toBe('[redacted]');
  });

  test('passwd, passphrase and passkey are credentials’ names; pwd and session are not, nor is fetch’s credentials mode (see secretNames)', () => {
    const options = { passwd: 'hunter2', sshPassphrase: 'correct horse', passKey: { id: 'pk-7f3a9b' }, pwd: '/srv/app', credentials: 'include', session_id: 'sess_42', session: { id: 's1' } };
    expect(redactSecretsDeep(options)).toEqual({ ...options, passwd: '[redacted]', sshPassphrase: '[redacted]', passKey: '[redacted]' });
  });

  test("header pairs, as fetch takes them and Node's rawHeaders lists them: each credential's value after its name is hidden", () => {
    const init = { headers: [['x-api-key', 'opaque-0123'], ['Authorization', 'Token abc'], ['accept', 'text/event-stream']] };
    expect(redactSecretsDeep(init)).toEqual({ headers: [['x-api-key', '[redacted]'], ['Authorization', '[redacted]'], ['accept', 'text/event-stream']] });
    const rawHeaders = ['Host', 'localhost', 'Cookie', 'sid=abc', 'X-Api-Key', 'opaque-0123', 'Accept', '*/*'];
    expect(redactSecretsDeep({ rawHeaders })).toEqual({ rawHeaders: ['Host', 'localhost', 'Cookie', '[redacted]', 'X-Api-Key', '[redacted]', 'Accept', '*/*'] });
    // Not a list of pairs: an odd list, or one with other than strings in it, is left to its values' patterns.
    const names = { required: ['password', 'user', 'token'], tuple: ['password', 5] };
    expect(redactSecretsDeep(names)).toBe(names);
  });

  test("a list of names under another name than headers' (a JSON Schema's required) keeps the name after a credential's", () => {
    const schema = { type: 'object', required: ['password', 'user'], fields: ['token', 'email'] };
    expect(redactSecretsDeep(schema)).toBe(schema);
    // Header lists keep hiding: under a headers' name, as a pair in a list, given alone; and a flag's value under any name.
    expect(redactSecretsDeep({ rawHeaders: ['Cookie', 'sid=abc'], rawTrailers: ['x-api-key', 'opaque-0123'] })).toEqual({ rawHeaders: ['Cookie', '[redacted]'], rawTrailers: ['x-api-key', '[redacted]'] });
    expect(redactSecretsDeep({ init: [['password', 'hunter2']] })).toEqual({ init: [['password', '[redacted]']] });
    expect(redactSecretsDeep(['x-api-key', 'opaque-0123'])).toEqual(['x-api-key', '[redacted]']);
    expect(redactSecretsDeep({ args: ['--password', 'hunter2'] })).toEqual({ args: ['--password', '[redacted]'] });
    // A header's name in any name with header in it; a value that is no name (a cookie, a scheme and its token).
    expect(redactSecretsDeep({ headerList: ['token', 'opaque'], options: ['cookie', 'sid=abc', 'authorization', 'Bearer abc'] })).toEqual({
      headerList: ['token', '[redacted]'],
      options: ['cookie', '[redacted]', 'authorization', '[redacted]'],
    });
  });

  test('what holds nothing stays, to tell a missing credential from one given: null, undefined, true, false, empty', () => {
    const options = { apiKey: undefined, token: null, cookie: false, secret: true, password: '', authorization: [] as string[] };
    expect(redactSecretsDeep(options)).toBe(options);
  });

  test('counts and a logprob entry keep what they hold: names that only look like a credential’s', () => {
    const chunk = {
      choices: [{ index: 0, delta: {}, logprobs: { content: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [] }] } }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, prompt_tokens_details: { cached_tokens: 0 } },
      headers: { 'x-ratelimit-remaining-tokens': 5000, 'x-ratelimit-limit-tokens': ['6000'] },
      options: { maxTokens: 4096, tokens: [1, 2], cookies: { count: 2 }, keys: ['a'] },
    };
    expect(redactSecretsDeep(chunk)).toBe(chunk);
    // Text Generation Inference's event, as a StreamInvalidDataError keeps it: its token is an object, a logprob entry.
    const tgi = { index: 1, token: { id: 9707, text: 'Hi', logprob: -0.01, special: false }, generated_text: null, details: null };
    expect(redactSecretsDeep(tgi)).toBe(tgi);
    expect(redactSecretsDeep({ token: { id: 1, value: 'opaque-0123' } })).toEqual({ token: '[redacted]' });
  });
});
