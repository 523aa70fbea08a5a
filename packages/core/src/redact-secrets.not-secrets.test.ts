import { describe, expect, test } from 'vitest';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { redactSecrets } from './redact-secrets.js';

// Words after a credential's name that are no credential, and that an error needs to say what was wrong: hiding them
// left the error without its advice. Hiding a secret still wins: each case beside them keeps what is hidden hidden.
describe("a property's schema under a credential's name (a tool's parameters or a response_format echoed in a 400)", () => {
  const passwordSchema = { type: 'string', description: "the user's password", minLength: 8 };
  const tool = { type: 'object', properties: { user: { type: 'string' }, password: passwordSchema, api_key: { type: ['string', 'null'], title: 'API key' } }, required: ['password'] };

  test('is shown in JSON, pretty or not, in JSON quoted in a JSON string, and as util.inspect writes it', () => {
    const compact = JSON.stringify(tool);
    const pretty = JSON.stringify(tool, null, 2);
    for (const text of [
      `Groq 400: invalid tool "login": ${compact}`,
      pretty,
      JSON.stringify({ error: { message: `tools.0.function.parameters: ${compact}` } }),
      JSON.stringify({ error: { message: `response_format: ${pretty}` } }),
      "{ properties: { password: { type: 'string', description: \"the user's password\" }, token: { type: 'string', nullable: true, default: null } } }",
      "{\n  password: {\n    type: 'string',\n    description: 'the password',\n  },\n}",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  test('is shown by redactSecretsDeep', () => {
    const options = { tools: [{ type: 'function', function: { name: 'login', parameters: tool } }] };
    expect(redactSecretsDeep(options)).toBe(options);
    expect([...redactSecretsDeep(new Map([['password', passwordSchema]]))]).toEqual([['password', passwordSchema]]);
  });

  test('what holds a value, or is not only a schema, is still hidden whole', () => {
    const notSchemas = [
      // A value a schema holds: an instance of the property.
      { type: 'string', default: 'hunter2' },
      { type: 'string', examples: ['hunter2'] },
      { type: 'string', const: 'hunter2' },
      { type: 'string', enum: ['hunter2'] },
      // Not JSON Schema's types, or fields of other names.
      { type: 'bearer', value: 'opaque-0123' },
      { type: 'Bearer', description: 'opaque-0123' },
      { type: 'string', value: 'hunter2' },
      { scheme: 'Bearer', token: 'opaque-0123' },
      { description: 'opaque-0123' },
      { type: 'string', description: { value: 'opaque-0123' } },
      { type: 'string', default: 12345678 },
    ];
    for (const value of notSchemas) {
      expect(redactSecretsDeep({ password: value })).toEqual({ password: '[redacted]' });
      expect(redactSecrets(JSON.stringify({ password: value, x: 1 }))).toBe('{"password":[redacted],"x":1}');
      expect(redactSecrets(`{ password: ${JSON.stringify(value).replaceAll('"', "'")}, x: 1 }`)).toBe('{ password: [redacted], x: 1 }');
    }
    // A string under the name is a credential, in the schema's own properties too.
    expect(redactSecrets('{"type":"string","password":"hunter2"}')).toBe('{"type":"string","password":"[redacted]"}');
    // Not closed (an excerpt cut short): nothing says it is only a schema.
    expect(redactSecrets('{"password":{"type":"string","description":"the')).toBe('{"password":[redacted]');
  });

  test("a credential in a schema's words is still hidden by its own shape, and a schema inside another's description is not read as one", () => {
    const key = `gsk_${'a1B2'.repeat(13)}`;
    expect(redactSecrets(`{"password":{"type":"string","description":"like ${key}"}}`)).toBe('{"password":{"type":"string","description":"like gsk_[redacted]"}}');
    expect(redactSecrets(`{"password":{"type":"string","description":"api_key=opaque-0123"}}`)).toBe('{"password":{"type":"string","description":"api_key=[redacted]"}}');
    expect(redactSecrets(`{ password: { type: 'string', description: "token: {type: 'string'}" } }`)).toBe(`{ password: { type: 'string', description: "token: [redacted]" } }`);
  });
});

describe("words after a credential's name that say how it was given, not what it is", () => {
  test("MySQL's and MariaDB's (using password: YES) and NO, which say whether a password was sent", () => {
    for (const text of [
      "Access denied for user 'app'@'10.0.0.3' (using password: YES)",
      "ER_ACCESS_DENIED_ERROR: Access denied for user 'root'@'localhost' (using password: NO)",
      JSON.stringify({ error: "Access denied for user 'app'@'%' (using password: YES)" }),
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
    // Elsewhere the same words are a value, and hidden.
    expect(redactSecrets('password: YES')).toBe('password: [redacted]');
    expect(redactSecrets('(using password: YES2)')).toBe('(using password: [redacted]');
  });

  test('null, undefined, true and false, as JSON and util.inspect write them (whether one was given), as redactSecretsDeep keeps them', () => {
    for (const text of [
      '{"password": null, "user": "app"}',
      '{"api_key":null}',
      "{ apiKey: undefined, baseURL: 'https://api.groq.com' }",
      '{\n  token: null\n}',
      '{"cookie": false, "model": "x"}',
      JSON.stringify({ message: 'bad options: {"apiKey":null,"secret":true}' }),
      "Map(1) { 'x-api-key' => undefined }",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
    // Not as a word of a longer value, nor after `=` (an environment's or a query's value is a string).
    expect(redactSecrets('password: null123')).toBe('password: [redacted]');
    expect(redactSecrets('password: nullish value')).toBe('password: [redacted] value');
    expect(redactSecrets('password: true-blue')).toBe('password: [redacted]');
    expect(redactSecrets('DB_PASSWORD=null')).toBe('DB_PASSWORD=[redacted]');
    expect(redactSecrets('?api_key=undefined&x=1')).toBe('?api_key=[redacted]&x=1');
  });
});

// OAuth's token-endpoint auth methods (client_secret_basic, RFC 7591) and other identifiers that end in a scheme's
// name are no scheme: the words after them were hidden as its token.
describe("an auth scheme's name at the end of a longer identifier", () => {
  test.each([
    'client_secret_basic grant_type=client_credentials',
    'token_endpoint_auth_methods_supported: client_secret_basic private_key_jwt',
    '{"error":"invalid_client","error_description":"client_secret_basic authentication failed for client app"}',
    'use_bearer authorization_code_flow',
    'oauth2Bearer configuration_missing',
  ])('%s is shown', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  // A scheme after a space, a quote, a colon, a `+` or an encoded space still hides its token.
  test.each([
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: [redacted]'],
    ['sent Basic dXNlcjpwYXNz back', 'sent Basic [redacted] back'],
    ['sent Bearer gsk_probe_SECRET0123456789 back', 'sent Bearer [redacted] back'],
    ['"Bearer opaque-01234567"', '"Bearer [redacted]"'],
    ['auth:Bearer opaque-01234567', 'auth:Bearer [redacted]'],
    ['a%20Bearer%20sk-proxy-1234567&next=1', 'a%20Bearer [redacted]&next=1'],
    ['a+Bearer+sk-proxy-1234567&next=1', 'a+Bearer [redacted]&next=1'],
    // White space before it written as an escape: a URL's, or a JSON string's (a log line quoted in JSON).
    ['a%09Bearer%20sk-proxy-1234567&next=1', 'a%09Bearer [redacted]&next=1'],
    ['a%0ABearer%20sk-proxy-1234567&next=1', 'a%0ABearer [redacted]&next=1'],
    ['{"log":"GET /v1/models\\nBearer opaque-01234567 sent"}', '{"log":"GET /v1/models\\nBearer [redacted] sent"}'],
    ['{"log":"sent\\tBasic dXNlcjpwYXNz"}', '{"log":"sent\\tBasic [redacted]"}'],
    ['{"log":"sent\\u0020Bearer opaque-01234567"}', '{"log":"sent\\u0020Bearer [redacted]"}'],
  ])('%s is hidden', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });
});
