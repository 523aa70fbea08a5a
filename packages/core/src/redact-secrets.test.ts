import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { createLogLine } from './logger.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { mayHoldClientKey } from './may-hold-client-key.js';
import { redactKnownKeys, rememberRequestSecret, rememberSecret, redactSecrets } from './redact-secrets.js';
import { redactKnownKeysInJSON, redactSecretsDeep } from './redact-secrets-deep.js';
import { relayErrorResponse } from './relay-error-response.js';
import { toSafeErrorPayload } from './safe-error-payload.js';
import { dataFrameOf } from './relay-frames.js';
import { sseFrames } from './sse-frames.js';
import { ChunkResult } from './chunk-result.js';
import { Stream } from './stream.js';
import { rejectionOf } from './test/rejection-of.js';

const key = 'gsk_probe_SECRET0123456789';

describe('redactSecrets', () => {
  test.each([
    [`Invalid API Key: Bearer ${key}`, 'Invalid API Key: Bearer [redacted]'],
    [`rejected ${key} for this project`, 'rejected gsk_[redacted] for this project'],
    [`request had authorization=Bearer ${key}`, 'request had authorization=[redacted]'],
    ['echoed Authorization: Bearer tenant-key-7f3a9b2c1d5e', 'echoed Authorization: [redacted]'],
    ['echoed {"Authorization": "Basic dXNlcjpwYXNz"}', 'echoed {"Authorization": "[redacted]"}'],
    ['x-api-key: Token pk-live-7f3a9b2c1d', 'x-api-key: [redacted]'],
    ['sent Bearer acct:9f8e7d6c5b4a$x!y@z to us', 'sent Bearer [redacted] to us'],
    ['proxy https://user:pw-9f8e7d6c@gateway.example.com/v1 refused', 'proxy https://[redacted]@gateway.example.com/v1 refused'],
    // A password with an @ in it, not encoded (curl takes the last @ for the end): all of it.
    ['proxy https://user:p@ss-9f8e@gateway.example.com/v1?to=a@b.c refused', 'proxy https://[redacted]@gateway.example.com/v1?to=a@b.c refused'],
    ['see https://api.example.com/users/bob@example.com', 'see https://api.example.com/users/bob@example.com'],
    ['GET /v1/models?key=QUERYSECRET_z1x2&limit=5 failed', 'GET /v1/models?key=[redacted]&limit=5 failed'],
    // A presigned URL's signature (S3's, Google Cloud Storage's) lets anyone with the URL fetch it.
    ['GET https://bucket.s3/f?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abcdef0123456789&x-goog-signature=0a1b2c&status_code=5', 'GET https://bucket.s3/f?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=[redacted]&x-goog-signature=[redacted]&status_code=5'],
    ['dump: Authorization%3A%20Bearer%20sk-proxy-1234567&next=1', 'dump: Authorization%3A%20Bearer [redacted]&next=1'],
    // An OAuth authorization code, in a redirect's query or its fragment (response_mode=fragment, a hybrid flow's), also in
    // an HTML page's URL (&amp;); not a `code` anywhere else, as Groq's error objects have one (rate_limit_exceeded).
    ['redirected to https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'redirected to https://app.example/cb?code=[redacted]&state=xyz'],
    ['https://app.example/cb?state=xyz&code=SplxlOBeZQQYbYS6WxSbIA', 'https://app.example/cb?state=xyz&code=[redacted]'],
    ['https://app.example/cb#code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'https://app.example/cb#code=[redacted]&state=xyz'],
    ['<a href="https://app.example/cb?state=xyz&amp;code=SplxlOBeZQQYbYS6WxSbIA">', '<a href="https://app.example/cb?state=xyz&amp;code=[redacted]">'],
    ['{"error": {"message": "Rate limit reached", "type": "tokens", "code": "rate_limit_exceeded"}} code=rate_limit_exceeded ?status_code=429&error_code=x', '{"error": {"message": "Rate limit reached", "type": "tokens", "code": "rate_limit_exceeded"}} code=rate_limit_exceeded ?status_code=429&error_code=x'],
    [`key0${key}`, 'key0gsk_[redacted]'],
    [`upper: ${key.toUpperCase()}`, 'upper: gsk_[redacted]'],
    ['{"api_key": "abc123"} is not allowed', '{"api_key": "[redacted]"} is not allowed'],
    ['password: hunter2, token=xyz', 'password: [redacted], token=[redacted]'],
    ['env: OPENAI_API_KEY=sk-proj-abc123def456 HOME=/root', 'env: OPENAI_API_KEY=[redacted] HOME=/root'],
    ['{"refresh_token": "rt-7f3a9b2c", "id_token": "eyJhbGciOi.x.y"}', '{"refresh_token": "[redacted]", "id_token": "[redacted]"}'],
    ['client_secret=abc123&grant_type=client_credentials', 'client_secret=[redacted]&grant_type=client_credentials'],
    ['max_tokens=4096 but prompt_tokens: 5000, x-ratelimit-remaining-tokens: 12', 'max_tokens=4096 but prompt_tokens: 5000, x-ratelimit-remaining-tokens: 12'],
    ['{"private_key": "MIIEvQIBADANBg", "secret_key": "sk-1234"} private-key=MIIEv', '{"private_key": "[redacted]", "secret_key": "[redacted]"} private-key=[redacted]'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI access_key=ak-123', 'AWS_SECRET_ACCESS_KEY=[redacted] access_key=[redacted]'],
    ["{ clientSecret: 'cs-7f3a9b', secretKey: 'sk-7f3a', privateKey: 'pk-1', refreshToken: 'rt-9', sessionToken: 'st-8', authToken: 'at-7' }", "{ clientSecret: '[redacted]', secretKey: '[redacted]', privateKey: '[redacted]', refreshToken: '[redacted]', sessionToken: '[redacted]', authToken: '[redacted]' }"],
    ['{"apiKey":"sk-proj-abc123","dbPassword":"pw1"}', '{"apiKey":"[redacted]","dbPassword":"[redacted]"}'],
    ['connect(passwd=hunter2, host=db) db_passwd: hunter2 dbPasswd=pw1', 'connect(passwd=[redacted], host=db) db_passwd: [redacted] dbPasswd=[redacted]'],
    ['{"passphrase": "correct horse", "sshPassphrase": "x1"} passkey=pk-7f3a9b tracker_pass_key: 0123abcd', '{"passphrase": "[redacted]", "sshPassphrase": "[redacted]"} passkey=[redacted] tracker_pass_key: [redacted]'],
    // Not credentials' names (see secretNames): a working directory, a session's id or count; nor fetch's credentials mode.
    ['PWD=/srv/app credentials: include session_id=sess_42 sessionId: abc session: 2', 'PWD=/srv/app credentials: include session_id=sess_42 sessionId: abc session: 2'],
    ['Cookie: session=abc123; csrftoken=def456\r\nHost: api.groq.com', 'Cookie: [redacted]\r\nHost: api.groq.com'],
    ['set-cookie: __cf_bm=abc123; path=/; HttpOnly', 'set-cookie: [redacted]'],
    ['maxTokens: 5, totalTokens=9, tokens: 3, cookies: 2, keys: 4, monkey: 1', 'maxTokens: 5, totalTokens=9, tokens: 3, cookies: 2, keys: 4, monkey: 1'],
    ['Please reduce the length of the messages or completion.', 'Please reduce the length of the messages or completion.'],
    ['Basic and developer tiers have lower limits.', 'Basic and developer tiers have lower limits.'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(text)).not.toContain(key);
  });
});

describe('a user and password before an @ with no // before them, or with a / in the password', () => {
  test.each([
    // Go's MySQL DSN (`user:password@protocol(address)/db`, or `@/db`), and a proxy's address with no scheme.
    ['dial root:hunter2@tcp(db:3306)/app failed', 'dial [redacted]@tcp(db:3306)/app failed'],
    ['DSN=app_user:s3cr=t!@unix(/tmp/mysql.sock)/db?parseTime=true', 'DSN=[redacted]@unix(/tmp/mysql.sock)/db?parseTime=true'],
    ["dsn: 'root:pw-9f8e@/app'", "dsn: '[redacted]@/app'"],
    ['HTTPS_PROXY=proxyuser:Pr0xy-pass@proxy.corp:3128', 'HTTPS_PROXY=[redacted]@proxy.corp:3128'],
    // A URL's password with a / in it, not encoded: all of it.
    ['proxy https://user:pa/ss-9f8e@gateway.example.com/v1?to=a@b.c refused', 'proxy https://[redacted]@gateway.example.com/v1?to=a@b.c refused'],
    ['mysql://root:a/b/c@db:3306/app', 'mysql://[redacted]@db:3306/app'],
    // No password: a port before a path, an address, an image's digest, a time.
    ['see https://api.example.com:8443/users/bob@example.com?x=a:1@b', 'see https://api.example.com:8443/users/bob@example.com?x=a:1@b'],
    ['http://[::1]:8080/u/bob@example.com', 'http://[::1]:8080/u/bob@example.com'],
    ['mail bob@example.com at 10:30, git@github.com:org/repo.git, ssh deploy@host:22', 'mail bob@example.com at 10:30, git@github.com:org/repo.git, ssh deploy@host:22'],
    ['image nginx:1.25@sha256:0123abcd, at 10:30@home, a:b@c.d', 'image nginx:1.25@sha256:0123abcd, at 10:30@home, a:b@c.d'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test.each([
    // A DSN's password with what ended it going back from its @: a bracket, a comma, a quote; or in quotes, with a space.
    ['dial user:pa(ss@tcp(db:3306)/app failed', 'dial [redacted]@tcp(db:3306)/app failed'],
    ['dial user:pa,ss)@tcp(db:3306)/app', 'dial [redacted]@tcp(db:3306)/app'],
    ['dial(root:p(a:b@tcp(db:3306)/app)', 'dial([redacted]@tcp(db:3306)/app)'],
    ['{"dsn":"root:p\\"w[x]@tcp(db:3306)/app"}', '{"dsn":"[redacted]@tcp(db:3306)/app"}'],
    ['DSN=root:"p w, x"@tcp(db:3306)/app', 'DSN=[redacted]@tcp(db:3306)/app'],
    ['mysql://u:"p w"@h/db and postgres://u:\'p w\'@h:5432/db', 'mysql://[redacted]@h/db and postgres://[redacted]@h:5432/db'],
    ['mysql://u:pa(ss,w@h:3306/db', 'mysql://[redacted]@h:3306/db'],
    // What is no password stays: a name in brackets, words around an @.
    ['connect ECONNREFUSED (root@tcp(db:3306)/app), at 10:30 (bob@/x)', 'connect ECONNREFUSED (root@tcp(db:3306)/app), at 10:30 (bob@/x)'],
    ["Access denied for user 'root'@'localhost'", "Access denied for user 'root'@'localhost'"],
    // Strings before one that starts with an @ (a path alias) are no user and password.
    ['{"time":"10:30","alias":"@/src"} {"a":"b:c","paths":{"@/*":["./src/*"]}}', '{"time":"10:30","alias":"@/src"} {"a":"b:c","paths":{"@/*":["./src/*"]}}'],
    ["{ time: '10:30', alias: '@/src' } ['b:c','@/x']", "{ time: '10:30', alias: '@/src' } ['b:c','@/x']"],
  ])('a password with brackets, commas, quotes or spaces: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test.each([
    // A URL's password with a / and an @, a ? or a #, or digits before a / (not a port: the user is no host).
    ['https://user:pa/ss@word@host.com/x', 'https://[redacted]@host.com/x'],
    ['https://user:pa?ss@host.com/x?to=a@b.c', 'https://[redacted]@host.com/x?to=a@b.c'],
    ['https://user:pa#ss@host.com/x', 'https://[redacted]@host.com/x'],
    ['https://user:1234/5678@host.com/x', 'https://[redacted]@host.com/x'],
    ['https://user.name:99999/x@host.com', 'https://[redacted]@host.com'],
    // Ports stay: of a host with a dot or localhost, before a ? or #, or before a path with more in it.
    ['http://localhost:8080/path and http://localhost:8080/users/bob@example.com', 'http://localhost:8080/path and http://localhost:8080/users/bob@example.com'],
    ['http://127.0.0.1:8080/u/bob@example.com https://host.com:8443?to=bob@example.com', 'http://127.0.0.1:8080/u/bob@example.com https://host.com:8443?to=bob@example.com'],
    ['postgres://db:5432/app?user=bob@corp.com http://api:8080/users/bob@example.com', 'postgres://db:5432/app?user=bob@corp.com http://api:8080/users/bob@example.com'],
    ['https://host.com/a?x=1#frag@x https://host.com/users/bob@example.com?x=a:1@b', 'https://host.com/a?x=1#frag@x https://host.com/users/bob@example.com?x=a:1@b'],
  ])('a URL password with / and @, ? or #, or digits: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });
});

describe('a quoted value under the name of a credential', () => {
  test.each([
    // Redacted to its closing quote: an escaped quote in it neither ends it nor loses its backslash.
    ['{"password":"ab\\"cd","x":1}', '{"password":"[redacted]","x":1}'],
    ['{"password": "correct horse battery staple", "user": "bob"}', '{"password": "[redacted]", "user": "bob"}'],
    ['{"Authorization": "Bearer sk-proxy-0123456789 extra", "cookie": "a=1; b=2"}', '{"Authorization": "[redacted]", "cookie": "[redacted]"}'],
    ['{"token":"a\\\\","b":"c"}', '{"token":"[redacted]","b":"c"}'],
    // A pair inside a JSON string ends before the string's closing quote, escaped or not.
    ['{"detail":"sent password=ab\\"cd\\" here"}', '{"detail":"sent password=[redacted]\\"cd\\" here"}'],
    ['{"detail":"password=abc\\\\"}', '{"detail":"password=[redacted]"}'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(JSON.parse(redactSecrets(text))).toEqual(JSON.parse(expected));
  });

  test('in text and JavaScript: to the closing quote, or the end of the line; an empty value stays empty', () => {
    expect(redactSecrets("{ password: 'it\\'s a secret', user: 'bob' }")).toBe("{ password: '[redacted]', user: 'bob' }");
    expect(redactSecrets('password: "two words\nnext line')).toBe('password: "[redacted]\nnext line');
    expect(redactSecrets('{"password":"","token":""}')).toBe('{"password":"","token":""}');
  });

  test("a Cookie header's value in quotes, as util.inspect and a header dump write it, is redacted whole", () => {
    expect(redactSecrets("{ headers: { cookie: 'session=abc123; csrftoken=def456' } }")).toBe("{ headers: { cookie: '[redacted]' } }");
    expect(redactSecrets('Cookie: "session=abc123; csrftoken=def456"')).toBe('Cookie: "[redacted]"');
  });

  test('an unclosed quote a megabyte long, and many pairs with escaped quotes, are redacted as short ones are', () => {
    const unclosed = `{"password":"${'\\"'.repeat(1 << 19)}`;
    expect(redactSecrets(unclosed)).toBe('{"password":"[redacted]');
    const pairs = `{"detail":"${'password=a\\"'.repeat(1 << 16)}"}`;
    expect(JSON.parse(redactSecrets(pairs)).detail).toBe('password=[redacted]"'.repeat(1 << 16));
  });
});

describe("a logprob entry's token (the text of a model's token, not a credential)", () => {
  // Groq's order (token, logprob, bytes, top_logprobs), and the order of a proxy that sorts the names.
  const entries = [
    '{"token":"Hi","logprob":-0.01,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.01,"bytes":[72,105]},{"token":"Hello","logprob":-4.6,"bytes":null}]}',
    '{"bytes":[44],"logprob":-9999.0,"token":",","top_logprobs":[]}',
    '{"token": "\\"quoted\\"", "logprob": -1.5e-05, "bytes": [34]}',
  ];

  test.each(entries)('%s stays as it is', (entry) => {
    expect(redactSecrets(entry)).toBe(entry);
  });

  test('a credential under the name token, outside a logprob entry, is still redacted; so is a key as a logprob token', () => {
    expect(redactSecrets('{"token":"opaque-9f8e7d6c5b4a","expires_in":3600}')).toBe('{"token":"[redacted]","expires_in":3600}');
    expect(redactSecrets('{"logprob":-0.1,"token":"Hi","token":"opaque-9f8e7d6c5b4a"}')).toBe('{"logprob":-0.1,"token":"Hi","token":"[redacted]"}');
    expect(redactSecrets('{"access_token":"opaque-9f8e7d6c5b4a","logprob":-0.1}')).toBe('{"access_token":"[redacted]","logprob":-0.1}');
    expect(redactSecrets('{"token":"Hi","logprobs":-0.1}')).toBe('{"token":"[redacted]","logprobs":-0.1}');
    expect(redactSecrets('GET /v1?token=opaque-9f8e7d6c5b4a, logprob: 1')).toBe('GET /v1?token=[redacted], logprob: 1');
    expect(redactSecrets(`{"token":"${key}","logprob":-0.1}`)).toBe('{"token":"gsk_[redacted]","logprob":-0.1}');
    rememberSecret('pk-logprob-7f3a9b2c1d');
    expect(redactSecrets('{"token":"pk-logprob-7f3a9b2c1d","logprob":-0.1}')).toBe('{"token":"[redacted]","logprob":-0.1}');
  });

  test('only the name token itself beside a logprob number is spared, as redactSecretsDeep spares it', () => {
    // A longer name that ends in -token (\b finds a start after the -) is a credential beside a logprob too.
    expect(redactSecrets('{"x-auth-token":"opaque-9f8e7d6c5b4a","logprob":-0.1}')).toBe('{"x-auth-token":"[redacted]","logprob":-0.1}');
    expect(redactSecrets('{"auth.token":"opaque-9f8e7d6c5b4a","logprob":-0.1}')).toBe('{"auth.token":"[redacted]","logprob":-0.1}');
    // A logprob is a number: after the token, as before it.
    expect(redactSecrets('{"token":"opaque-9f8e7d6c5b4a","logprob":null}')).toBe('{"token":"[redacted]","logprob":null}');
    expect(redactSecrets('{"token":"opaque-9f8e7d6c5b4a","logprob":"high"}')).toBe('{"token":"[redacted]","logprob":"high"}');
  });
});

describe('remembered secrets', () => {
  test('a key inside a longer one leaves no tail of the longer one', () => {
    rememberSecret('pk-live-7f3a9b2c1d5e');
    rememberSecret('pk-live-7f3a9b2c1d5e-admin-9f8e7d');
    expect(redactSecrets('400 invalid key pk-live-7f3a9b2c1d5e-admin-9f8e7d')).toBe('400 invalid key [redacted]');
  });

  test('a key is also found as it reads in a URL and inside a JSON string', () => {
    rememberSecret('AbC/dEf+GhI=jKl9');
    rememberSecret('abc"def\\ghijk');
    expect(redactSecrets('GET /x?k=AbC%2FdEf%2BGhI%3DjKl9')).toBe('GET /x?k=[redacted]');
    expect(redactSecrets(JSON.stringify({ echo: 'abc"def\\ghijk' }))).toBe('{"echo":"[redacted]"}');
    expect(redactSecrets(`echo ${btoa('AbC/dEf+GhI=jKl9')}`)).toBe('echo [redacted]');
  });

  test("a key's secret part is found without its public prefix; a short rest is not looked for alone", () => {
    rememberSecret('gsk_NoPrefixEcho0123456789abcdef');
    rememberSecret('sk-proj_ShortRest1');
    expect(redactSecrets('Key NoPrefixEcho0123456789abcdef is revoked')).toBe('Key [redacted] is revoked');
    expect(redactSecrets('{"key":"NoPrefixEcho0123456789abcdef"}')).toBe('{"key":"[redacted]"}');
    expect(redactSecrets('The ShortRest1 stays')).toBe('The ShortRest1 stays');
    expect(mayHoldClientKey('key=NoPrefixEcho0123456789abcdef')).toBe(true);
    const relayed = relayErrorResponse(createAPIError(400, { error: { message: 'Key NoPrefixEcho0123456789abcdef is revoked' } }, undefined));
    expect(JSON.stringify(relayed.body)).not.toContain('NoPrefixEcho');
  });
});

describe('a key split by a line break (an echo over two data: lines of an event)', () => {
  test('a remembered key leaves no piece on either side of the break', () => {
    rememberSecret('pk-split-7f3a9b2c1d5e');
    expect(redactSecrets('bad key pk-split-7f3a\n9b2c1d5e, try again')).toBe('bad key [redacted], try again');
    expect(redactSecrets('bad key pk-split-7f3a\r\n9b2c\n1d5e')).toBe('bad key [redacted]');
  });

  test('two split keys side by side, and a split key inside a longer one', () => {
    rememberSecret('pk-split-side-1a2b3c4d');
    rememberSecret('pk-split-side-1a2b3c4d-admin-5e6f');
    expect(redactSecrets('pk-split-\nside-1a2b3c4d and pk-split-side-1a\n2b3c4d-admin-5e6f.')).toBe('[redacted] and [redacted].');
  });

  test('line breaks with no key across them stay as they are; a whole key before one takes nothing after it', () => {
    rememberSecret('pk-split-whole-9a8b7c6d');
    expect(redactSecrets('line one\nline two\r\nline three')).toBe('line one\nline two\r\nline three');
    expect(redactSecrets(`first pk-split-whole-9a8b7c6d\nsecond ${key}\nthird`)).toBe('first [redacted]\nsecond gsk_[redacted]\nthird');
  });

  test('in the errors a stream throws when event data lines split the key', async () => {
    rememberSecret('pk-split-event-4e5f6a7b8c');
    const read = (body: string) =>
      rejectionOf(
        (async () => {
          for await (const _ of Stream.fromSSEResponse(new Response(body, { headers: { 'content-type': 'text/event-stream' } }))) void _;
        })(),
      );
    const serverError = await read('event: error\ndata: unknown key pk-split-\ndata: event-4e5f6a7b8c\n\n');
    expect(serverError).toBeInstanceOf(StreamServerError);
    expect((serverError as Error).message).toContain('unknown key [redacted]');
    // Lines inside a JSON string make it invalid JSON: the error quotes the data.
    const invalid = await read('data: {"error":{"message":"unknown key pk-split-\ndata: event-4e5f6a7b8c"}}\n\n');
    for (const error of [serverError, invalid]) expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toMatch(/4e5f6a7b8c|pk-split-e/);
  });
});

describe('a key with separators between its characters (spaced out, wrapped, split by invisible characters)', () => {
  test.each([
    ['spaced out', 'bad key p k - s e p - 1 a 2 b 3 c 4 d 5 e, try again'],
    ['wrapped and indented', 'bad key pk-sep-1a2b\n        3c4d5e, try again'],
    ['in groups', 'bad key pk-sep- 1a2b 3c4d 5e, try again'],
    ['with a tab and a no-break space', 'bad key pk-sep-1a2b\t3c4d\u00a05e, try again'],
    ['with a zero-width space, a soft hyphen and a word joiner', 'bad key pk-sep-1a\u200b2b3c\u00ad4d\u20605e, try again'],
    ['over a line break written as a JSON escape', 'bad key pk-sep-1a2b3c\\n4d5e, try again'],
  ])('a remembered key %s leaves no piece of it', (_how, text) => {
    rememberSecret('pk-sep-1a2b3c4d5e');
    expect(redactSecrets(text)).toBe('bad key [redacted], try again');
  });

  test('a Groq key this process never sent, split into pieces that make a whole key, is redacted whole', () => {
    const secret = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9z';
    expect(secret).toHaveLength(52);
    expect(redactSecrets(`key gsk_${secret.slice(0, 30)}\n${secret.slice(30)} was revoked`)).toBe('key gsk_[redacted] was revoked');
    expect(redactSecrets(`key gsk_${secret.replace(/.{4}/g, '$& ').trim()} was revoked`)).toBe('key gsk_[redacted] was revoked');
    expect(redactKnownKeys(`gsk_${secret.slice(0, 10)}\u200b${secret.slice(10)}`)).toBe('gsk_[redacted]');
    // Pieces that make no whole key: only the first, as before, not the words after it.
    expect(redactSecrets('gsk_abcdefghijklmnopqrstuvwx is not a valid key')).toBe('gsk_[redacted] is not a valid key');
    expect(redactKnownKeys('gsk_your_key and gsk_ then the key')).toBe('gsk_your_key and gsk_ then the key');
  });

  test('a Groq key this process never sent, split by a JSON escape, is redacted whole; pieces that pass its length keep the words after it', () => {
    const secret = 'Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1zYx0wVu9tSr8qPo7n';
    expect(secret).toHaveLength(52);
    // In a JSON body quoted as text the line break is the two characters \n: its n is no part of the key.
    expect(redactSecrets(`{"message":"key gsk_${secret.slice(0, 30)}\\n${secret.slice(30)} was revoked"}`)).toBe('{"message":"key gsk_[redacted] was revoked"}');
    expect(redactKnownKeys(`gsk_${secret.slice(0, 20)}\\r\\n${secret.slice(20)}`)).toBe('gsk_[redacted]');
    // 40 characters and then words, 56 in all: no whole key, so only the piece that has a key's shape goes.
    expect(redactKnownKeys(`gsk_${secret.slice(0, 40)} and another twenty`)).toBe('gsk_[redacted] and another twenty');
  });

  test('prose with spaces and line breaks stays as it is', () => {
    rememberSecret('pk-sep-prose-9f8e7d6c');
    const prose = 'Please reduce\nthe length of the messages or completion.\u00a0Retry in 2 s.\\n';
    expect(redactSecrets(prose)).toBe(prose);
    expect(redactKnownKeys(prose)).toBe(prose);
  });

  test('never in an error message or a log line', () => {
    rememberSecret('pk-sep-error-4b5c6d7e8f');
    const echo = 'Invalid API Key: pk-sep-error-\n  4b5c 6d7e 8f';
    const error = createAPIError(401, { error: { message: echo } }, undefined, { method: 'POST', path: '/openai/v1/chat/completions' });
    const lines: string[] = [];
    createLogLine('info', { error: () => {}, warn: () => {}, info: (line) => lines.push(line), debug: () => {} })('info', echo);
    for (const text of [error.message, JSON.stringify(error.error), lines.join('\n')]) {
      expect(text).toContain('[redacted]');
      expect(text.replace(/\\n|\s/g, '')).not.toMatch(/4b5c|6d7e8f|error-4b/);
    }
  });
});

describe('remembered secrets, per request', () => {
  test("a hundred credentials sent per request do not push a client's own key out", () => {
    rememberSecret('pk-client-own-7f3a9c2e1b4d');
    for (let request = 0; request < 150; request++) rememberRequestSecret(`tenant-${request}-abcdefgh`);
    expect(redactSecrets('Unknown key pk-client-own-7f3a9c2e1b4d')).toBe('Unknown key [redacted]');
    expect(redactSecrets('Unknown key tenant-149-abcdefgh')).toBe('Unknown key [redacted]');
  });

  test('a relay checks chunks cheaply for a client key, or a Groq key in any case', () => {
    rememberSecret('pk-client-own-7f3a9c2e1b4d');
    expect(mayHoldClientKey('{"debug":{"authorization":"Bearer pk-client-own-7f3a9c2e1b4d"}}')).toBe(true);
    expect(mayHoldClientKey('{"debug":"GSK_ABCDEF"}')).toBe(true);
    expect(mayHoldClientKey('{"choices":[{"delta":{"content":"Hello"}}]}')).toBe(false);
  });
});

describe('a relayed chunk that spells a client key with separators', () => {
  const spelled = [
    ['spaced out', 'p k - r e l a y - 9 f 8 e 7 d 6 c 5 b'],
    ['wrapped and indented', 'pk-relay-9f8e\n        7d6c5b'],
    ['split by a zero-width space and a soft hyphen', 'pk-relay-9f\u200b8e7d\u00ad6c5b'],
    ['over a line break written as a JSON escape', 'pk-relay-9f8e\\n7d6c5b'],
    ['split by a form feed', 'pk-relay-9f8e\f7d6c5b'],
    ['split by a vertical tab', 'pk-relay-9f8e\v7d6c5b'],
  ];

  test.each(spelled)('a key %s is seen by the cheap check', (_how, content) => {
    rememberSecret('pk-relay-9f8e7d6c5b');
    expect(mayHoldClientKey(JSON.stringify({ choices: [{ delta: { content } }] }))).toBe(true);
  });

  test.each(spelled)('a key %s reaches the browser redacted, from a parsed chunk and from its text', (_how, content) => {
    rememberSecret('pk-relay-9f8e7d6c5b');
    const chunk = { id: 'c', choices: [{ index: 0, delta: { content: `echo: ${content} end` } }] };
    const text = JSON.stringify(chunk);
    for (const frame of [sseFrames.data(chunk), dataFrameOf(new ChunkResult(chunk, text))]) {
      expect(frame).toBe('data: {"id":"c","choices":[{"index":0,"delta":{"content":"echo: [redacted] end"}}]}\n\n');
    }
  });

  test('a remembered credential that is not Latin-1 (no Basic credential can carry it) is still redacted, and remembering it does not throw', () => {
    const credential = 'tenant-ключ-4a5b6c7d8e';
    expect(() => rememberRequestSecret(credential)).not.toThrow();
    expect(redactSecrets(`rejected ${credential} for this model`)).toBe('rejected [redacted] for this model');
  });

  test('a credential sent in a request header, whole or spaced out, reaches the browser redacted', () => {
    rememberRequestSecret('tenant-relay-4a5b6c7d8e');
    for (const echoed of ['tenant-relay-4a5b6c7d8e', 'tenant-relay-4a5b 6c7d8e']) {
      const chunk = { id: 'c', debug: { authorization: `Bearer ${echoed}` } };
      expect(sseFrames.data(chunk)).toBe('data: {"id":"c","debug":{"authorization":"Bearer [redacted]"}}\n\n');
    }
  });

  test('the cheap check sees every credential the redaction replaces, however short without its spaces or however escaped in JSON', () => {
    const credentials = ['a b c d e f', 'pa"ss\\word99', 'fkey-0011223344', 'nkey-5566778899'];
    for (const credential of credentials) rememberRequestSecret(credential);
    // A backslash before a key that starts with f: its JSON `\\fkey` holds no form feed. Before one that starts
    // with n: its JSON `\\nkey` reads as a written-out `\n` and the n is dropped with it.
    for (const content of ['say a b c d e f', 'body: {"k":"pa\\"ss\\\\word99"}', 'at \\fkey-00112233\t44', 'at \\nkey-5566778899']) {
      expect(redactKnownKeys(content)).not.toBe(content);
      expect(mayHoldClientKey(JSON.stringify({ choices: [{ delta: { content } }] }))).toBe(true);
    }
  });

  test('prose with spaces, line breaks and escapes is passed on as it came', () => {
    rememberSecret('pk-relay-9f8e7d6c5b');
    const text = JSON.stringify({ choices: [{ delta: { content: ' the key\n\tis pk-relay and 9f8e, a path C:\\new' } }] });
    expect(mayHoldClientKey(text)).toBe(false);
    expect(dataFrameOf(new ChunkResult(JSON.parse(text), text))).toBe(`data: ${text}\n\n`);
  });
});

describe('a Groq key this process never sent', () => {
  const secret = 'Q7w9'.repeat(13);

  test('is redacted with its prefix written as JSON escapes or percent-encoded, and the cheap check sees it', () => {
    for (const prefix of ['\\u0067sk_', 'gsk\\u005f', 'gsk%5F', '%67%73%6b%5f']) {
      const text = `bad key ${prefix}${secret}, try again`;
      expect(redactSecrets(text)).toBe('bad key gsk_[redacted], try again');
      expect(redactKnownKeys(text)).toBe('bad key gsk_[redacted], try again');
      expect(mayHoldClientKey(JSON.stringify({ message: text }))).toBe(true);
    }
  });

  test("is redacted with its prefix's _ written as an HTML entity (a page's echo) or a JavaScript hex escape", () => {
    for (const prefix of ['gsk&#95;', 'gsk&#x5f;', 'GSK&#X5F;', 'gsk&#095;', 'gsk&lowbar;', 'gsk&UnderBar;', 'gsk\\x5f', 'gsk\\x5F']) {
      const text = `bad key ${prefix}${secret}, try again`;
      expect(redactSecrets(text), prefix).toBe('bad key gsk_[redacted], try again');
      expect(redactKnownKeys(text), prefix).toBe('bad key gsk_[redacted], try again');
      expect(mayHoldClientKey(JSON.stringify({ message: text })), prefix).toBe(true);
    }
    // Another entity is no prefix: the text after it stays.
    expect(redactSecrets('gsk&#96;abc and gsk&amp;x')).toBe('gsk&#96;abc and gsk&amp;x');
  });

  test('is redacted whole with any of its letters written as JSON escapes or percent-encoded, and in capitals so', () => {
    const escaped = (text: string, escape: (code: string) => string): string => [...text].map((unit) => escape(unit.charCodeAt(0).toString(16).padStart(2, '0'))).join('');
    const key = `gsk_${secret}`;
    for (const spelled of [
      escaped(key, (code) => `\\u00${code}`),
      escaped(key, (code) => `%${code.toUpperCase()}`),
      `gsk_${secret.slice(0, 10)}\\u0064${secret.slice(11)}`,
      `gsk_${secret.slice(0, 30)}%41${secret.slice(31)}`,
      escaped(key.toUpperCase(), (code) => `\\u00${code}`),
    ]) {
      const text = `bad key ${spelled}, try again`;
      expect(redactSecrets(text), spelled).toBe('bad key gsk_[redacted], try again');
      expect(redactKnownKeys(text), spelled).toBe('bad key gsk_[redacted], try again');
      expect(mayHoldClientKey(JSON.stringify({ message: text })), spelled).toBe(true);
    }
    // An escaped space or punctuation ends it, as a space does.
    expect(redactSecrets(`key gsk_${secret}%20was%2C revoked`)).toBe('key gsk_[redacted]%20was%2C revoked');
  });

  test('is redacted with its letters written as HTML entities, decimal or hex, as a page that escapes them shows it', () => {
    const key = `gsk_${secret}`;
    const entities = (text: string, entity: (code: number) => string): string => [...text].map((unit) => entity(unit.charCodeAt(0))).join('');
    for (const spelled of [
      `&#103;sk_${secret}`,
      `&#x67;&#x73;&#x6B;&#x5f;${secret}`,
      entities(key, (code) => `&#${code};`),
      entities(key, (code) => `&#x${code.toString(16)};`),
      entities(key.toUpperCase(), (code) => `&#${code};`),
      `gsk_${secret.slice(0, 10)}&#100;${secret.slice(11)}`,
    ]) {
      const text = `bad key ${spelled}, try again`;
      expect(redactSecrets(text), spelled).toBe('bad key gsk_[redacted], try again');
      expect(redactKnownKeys(text), spelled).toBe('bad key gsk_[redacted], try again');
      expect(mayHoldClientKey(JSON.stringify({ message: text })), spelled).toBe(true);
    }
    // An entity for what is no letter or digit ends it; one for another letter starts no key.
    expect(redactSecrets(`key gsk_${secret}&#32;was revoked, &#102;sk_${secret}`)).toBe(`key gsk_[redacted]&#32;was revoked, &#102;sk_${secret}`);
  });

  test('is redacted in base64, outside a Basic header too, at any of the three places it can start in what was encoded', () => {
    const key = `gsk_${secret}`;
    for (const encoded of [btoa(key), btoa(`{"api_key":"${key}"}`), btoa(`k=${key}`), btoa(`ke=${key}&x=1`), btoa(`u:${key}`).replace(/=+$/, '')]) {
      expect(redactSecrets(`upstream got ${encoded} as its credentials`), encoded).toBe('upstream got [redacted] as its credentials');
    }
    // base64url, and glued to a word, which goes with it.
    const url = btoa(`ab:${key}`).replaceAll('+', '-').replaceAll('/', '_');
    expect(redactSecrets(`see ${url}.`)).toBe('see [redacted].');
    expect(redactSecrets(`id=ab${btoa(key)}.`)).toBe('id=[redacted].');
    // What decodes to no key stays: a placeholder, a short prefix, other data.
    for (const other of [btoa('gsk_your_key_here'), btoa(`gsk_${secret.slice(0, 10)}`), btoa('x'.repeat(80)), `Z3NrX${'A'.repeat(80)}`]) {
      expect(redactSecrets(`data ${other} end`), other).toBe(`data ${other} end`);
    }
  });

  test('split after one split key, is redacted too: the first does not take the prefix of the second', () => {
    const text = `keys: gsk_${secret.slice(0, 30)}\n${secret.slice(30)} and gsk_${secret.slice(0, 10)} ${secret.slice(10)} end`;
    expect(redactKnownKeys(text)).toBe('keys: gsk_[redacted] and gsk_[redacted] end');
  });
});

describe('redactKnownKeys (what a model wrote, passed on by a relay)', () => {
  test('replaces remembered keys, also split by a line break, and Groq-key shapes; no other pattern', () => {
    rememberSecret('tenant-key-1f2e3d4c5b6a');
    const realShape = `gsk_${'Zx9'.repeat(18)}`;
    expect(redactKnownKeys('a tenant-key-1f2e3d\n4c5b6a b')).toBe('a [redacted] b');
    expect(redactKnownKeys(`key ${realShape}.`)).toBe('key gsk_[redacted].');
    for (const prose of ['gsk_your_key_here', 'gsk_EXAMPLEEXAMPLE', 'Authorization: Bearer abcdefgh12345678', 'password=hunter2', 'https://user:pw@example.com']) {
      expect(redactKnownKeys(prose)).toBe(prose);
    }
  });

  test('in a parsed chunk: every string and name at any depth a chunk reaches; untouched chunks are the same object', () => {
    const realShape = `gsk_${'Q7w'.repeat(18)}`;
    let nested: unknown = { content: `quoted ${realShape}`, note: 'password: kept' };
    for (let level = 0; level < 20; level++) nested = { level, items: [nested] };
    const redacted = JSON.stringify(redactKnownKeysInJSON(nested));
    expect(redacted).toContain('"content":"quoted gsk_[redacted]"');
    expect(redacted).toContain('"note":"password: kept"');
    expect(redacted).not.toContain('nested too deeply');
    const clean = { choices: [{ delta: { content: 'gsk_short' } }] };
    expect(redactKnownKeysInJSON(clean)).toBe(clean);
  });
});

describe('redactSecretsDeep', () => {
  test('names are redacted too: a property named after the key, a header named after it is dropped', () => {
    const body = { error: { message: 'bad', details: { [key]: 'unknown key' } } };
    expect(JSON.stringify(redactSecretsDeep(body))).not.toContain('SECRET');
    const headers = redactSecretsDeep(new Headers({ [`x-echo-${key}`]: '1', 'x-request-id': 'req_1' }));
    expect([...headers]).toEqual([['x-request-id', 'req_1']]);
  });

  test('a value under the name of a credential is redacted, as `name: value` is in text; a logprob entry, usage and other names are not', () => {
    const echo = {
      error: { message: 'bad gateway', type: 'tokens' },
      request: { headers: { 'x-api-key': 'sk-proxy-0123456789', Authorization: 'sk-raw-0123456789', 'X-Auth-Token': 'opaque-9f8e7d6c' } },
      session: { access_token: 'at-0123456789', token: 'opaque-0123', password: 'hunter2', secret: { value: 'hidden-as-a-whole' } },
      env: { OPENAI_API_KEY: 'sk-proj-abc123', refresh_token: 'rt-7f3a9b2c', client_secret: 'cs-123', max_tokens: '4096' },
      options: { apiKey: 'sk-proj-abc123', clientSecret: 'cs-123', private_key: 'MIIEv', secretKey: 'sk-1', maxTokens: '4096', tokens: '3' },
    };
    expect(redactSecretsDeep(echo)).toEqual({
      error: { message: 'bad gateway', type: 'tokens' },
      request: { headers: { 'x-api-key': '[redacted]', Authorization: '[redacted]', 'X-Auth-Token': '[redacted]' } },
      session: { access_token: '[redacted]', token: '[redacted]', password: '[redacted]', secret: '[redacted]' },
      env: { OPENAI_API_KEY: '[redacted]', refresh_token: '[redacted]', client_secret: '[redacted]', max_tokens: '4096' },
      options: { apiKey: '[redacted]', clientSecret: '[redacted]', private_key: '[redacted]', secretKey: '[redacted]', maxTokens: '4096', tokens: '3' },
    });
    const cookies = new Headers([['cookie', 'session=abc123; csrftoken=def456'], ['set-cookie', '__cf_bm=abc123; path=/'], ['proxy-authorization', 'Basic dXNlcjpwYXNz']]);
    expect([...redactSecretsDeep(cookies)].map(([, value]) => value)).toEqual(['[redacted]', '[redacted]', '[redacted]']);
    // A Map of headers or options, as a fetch wrapper keeps them: its keys are names too.
    const map = new Map<unknown, unknown>([['x-api-key', 'sk-proxy-0123456789'], ['Authorization', 'opaque-9f8e'], ['max_tokens', '4096'], [1, 'one']]);
    expect([...redactSecretsDeep(map)]).toEqual([['x-api-key', '[redacted]'], ['Authorization', '[redacted]'], ['max_tokens', '4096'], [1, 'one']]);
    const clean = new Map([['x-request-id', 'req_1']]);
    expect(redactSecretsDeep(clean)).toBe(clean);
    // Node's IncomingHttpHeaders (an HTTP client's error keeps the response's) lists set-cookie's values.
    const incoming = { 'set-cookie': ['session=abc123; HttpOnly', 'csrf=def456'], 'x-ratelimit-remaining-tokens': '5000', vary: ['a', 'b'] };
    expect(redactSecretsDeep(incoming)).toEqual({ 'set-cookie': ['[redacted]', '[redacted]'], 'x-ratelimit-remaining-tokens': '5000', vary: ['a', 'b'] });
    expect([...redactSecretsDeep(new Headers({ authorization: 'sk-raw-0123456789', 'x-ratelimit-remaining-tokens': '5000' }))]).toEqual([
      ['authorization', '[redacted]'],
      ['x-ratelimit-remaining-tokens', '5000'],
    ]);
    expect(JSON.stringify(redactSecretsDeep(new Error('failed', { cause: Object.assign(new Error('401'), { config: { headers: { 'x-api-key': 'sk-proxy-0123456789' } } }) })).cause)).not.toContain('sk-proxy');
    // A chunk's logprob tokens, usage and tool call arguments hold no credential by their names: the same object back.
    const chunk = {
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"query":"token"}' } }] }, logprobs: { content: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [{ logprob: -0.01, token: 'Hi', bytes: null }] }] } }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    };
    expect(redactSecretsDeep(chunk)).toBe(chunk);
    expect(redactSecretsDeep({ token: 'Hi', logprob: 'high' })).toEqual({ token: '[redacted]', logprob: 'high' });
  });

  test("a failed_generation (what the model wrote, Groq's tool_use_failed and json_validate_failed) keeps its names and words; a key in it is still redacted", () => {
    rememberSecret('pk-generation-7f3a9b2c1d');
    const generation = '<function=login>{"token": "tok_live_abcdef123456", "password": "hunter2", "api_key": "sk-other-1234567890"}</function>';
    const body = { error: { message: 'Failed to call a function. Please adjust your prompt.', type: 'invalid_request_error', code: 'tool_use_failed', failed_generation: generation } };
    expect(createAPIError(400, body, undefined).error).toEqual(body);
    expect(new StreamServerError('Failed to call a function.', { error: body.error }).error).toEqual(body.error);
    const withKeys = `{"key": "gsk_${'A1b2'.repeat(13)}", "mine": "pk-generation-7f3a9b2c1d", "password": "hunter2"}`;
    const redacted = (createAPIError(400, { error: { ...body.error, failed_generation: withKeys } }, undefined).error as typeof body).error.failed_generation;
    expect(redacted).toBe('{"key": "gsk_[redacted]", "mine": "[redacted]", "password": "hunter2"}');
  });

  test("an AggregateError's errors are redacted like a cause", () => {
    const error = new AggregateError([new Error(`connect failed with Bearer ${key}`)], 'fetch failed');
    const redacted = redactSecretsDeep(error);
    expect(redacted).toBeInstanceOf(AggregateError);
    expect((redacted as AggregateError).errors[0].message).toBe('connect failed with Bearer [redacted]');
  });

  test('raw bytes that hold a key become redacted text; other bytes stay as they are', () => {
    const packet = new TextEncoder().encode(`HTTP/1.1 502 Bad Gateway\r\nX-Echo: Bearer ${key}\r\n`);
    const redacted = redactSecretsDeep({ rawPacket: packet });
    expect(JSON.stringify(redacted)).not.toContain('SECRET');
    expect(redacted.rawPacket).toContain('Bearer [redacted]');
    const clean = { rawPacket: new Uint8Array([1, 2, 3]) };
    expect(redactSecretsDeep(clean)).toBe(clean);
  });

  test('a value that cannot be inspected (a Proxy whose traps throw) becomes an error saying so, never a throw', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } });
    const shown = redactSecretsDeep(hostile) as unknown;
    expect(shown).toBeInstanceOf(Error);
    expect((shown as Error).message).toMatch(/failed with a value that cannot be inspected for secrets/);
    // What the relays answer for it: the app's own failure, a 500 that says nothing more.
    expect(relayErrorResponse(hostile)).toMatchObject({ status: 500, expected: false, serverFault: false, body: { error: { type: 'server_error' } } });
  });

  test('what is nested deeper than it checks is not shown', () => {
    let nested: unknown = { message: `Bearer ${key}` };
    for (let level = 0; level < 12; level++) nested = { nested };
    expect(JSON.stringify(redactSecretsDeep(nested))).not.toContain('SECRET');
  });
});

describe('what a browser sees of an upstream error', () => {
  test('a mid-stream error with internals says only that the service stopped', () => {
    const error = new StreamServerError(`Traceback: worker 10.20.30.40:8443 rejected ${key}`);
    const payload = toSafeErrorPayload(error);
    expect(payload.message).toBe('The AI service stopped with an error. Please try again.');
    expect(JSON.stringify(payload)).not.toMatch(/10\.20|gsk_|Traceback/);
  });

  test('a mid-stream error that describes the problem is passed on', () => {
    expect(toSafeErrorPayload(new StreamServerError('Model overloaded, please retry.')).message).toBe(
      'The AI service stopped with an error: Model overloaded, please retry.',
    );
  });

  test('a 400 that echoes the key or an address is answered without them', () => {
    const echoed = relayErrorResponse(createAPIError(400, { error: { message: `bad request from 10.1.2.3: authorization=Bearer ${key}` } }, undefined));
    expect(echoed.status).toBe(400);
    expect(echoed.body.error.message).toBe('The AI service rejected the request (HTTP 400).');
    const redacted = relayErrorResponse(createAPIError(400, { error: { message: `The key ${key} may not use this model.` } }, undefined));
    expect(redacted.body.error.message).toBe('The AI service rejected the request: The key gsk_[redacted] may not use this model.');
  });

  test('a 429 with only retry-after-ms still tells the browser when to retry, in whole seconds', () => {
    const response = relayErrorResponse(createAPIError(429, { error: { message: 'slow down' } }, new Headers({ 'retry-after-ms': '6500' })));
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body.error).toMatchObject({ retryAfter: 7 });
  });

  test('a success status with the wrong body is reported as 502, in the payload too', () => {
    const payload = toSafeErrorPayload(new APIError('Expected an event stream', { status: 200 }));
    expect(payload).toMatchObject({ status: 502, type: 'upstream_error' });
  });

  test('a refused connection says the service could not be reached', () => {
    expect(toSafeErrorPayload(new APIConnectionError('The request got no response: fetch failed.'))).toMatchObject({
      status: 502,
      message: 'Could not reach the AI service. Please try again.',
    });
  });
});

describe('errors the SDK throws never quote the key a server echoed', () => {
  test('in an API error', () => {
    const error = createAPIError(401, { error: { message: `Invalid API Key: Bearer ${key}` } }, undefined);
    expect(error.message).not.toContain(key);
    expect(error.message).toContain('Invalid API Key: Bearer [redacted]');
  });

  test('in a mid-stream error', () => {
    const error = new StreamServerError(`rejected ${key}`, { error: { message: `rejected ${key}`, details: [{ header: `Bearer ${key}` }] } });
    expect(error.message).not.toContain(key);
    expect(error.serverMessage).toBe('rejected gsk_[redacted]');
    expect(JSON.stringify(error.error)).not.toContain(key);
  });

  test('in the server body an API error keeps, however it is logged', () => {
    const error = createAPIError(401, { error: { message: `Invalid API Key: Bearer ${key}`, echo: { authorization: `Bearer ${key}` } } }, undefined);
    expect(JSON.stringify(error.error)).not.toContain(key);
    expect(error.error).toMatchObject({ error: { message: 'Invalid API Key: Bearer [redacted]' } });
  });

  test('in a relayed chunk: x_groq.error is left out of the data frame', () => {
    const chunk = { id: 'c', choices: [], x_groq: { id: 'req_1', error: { message: `boom at 10.0.0.1 with ${key}` } } };
    const frame = sseFrames.data(chunk);
    expect(frame).toBe('data: {"id":"c","choices":[],"x_groq":{"id":"req_1"}}\n\n');
    expect(chunk.x_groq.error).toBeDefined(); // the chunk itself is left as it was
  });

  test('in a relayed chunk: x_groq.error null (no error) is kept, so the chunk reads back as sent', () => {
    const chunk = { id: 'c', choices: [], x_groq: { id: 'req_1', error: null } };
    expect(sseFrames.data(chunk)).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
  });
});
