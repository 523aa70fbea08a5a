import { describe, expect, test } from 'vitest';
import { isSecretName } from './redact-named-values.js';
import { redactSecrets } from './redact-secrets.js';

// Where the value after a credential's name ends: all of it hidden, whatever its shape (a list, an object, a
// string in backquotes or in escaped quotes), and nothing after it.
describe('a value that is a list or an object is hidden whole', () => {
  test.each([
    // util.inspect's lists: a cookie or a set-cookie list, on one line or over several.
    ["{ headers: { cookie: [ 'sid=abcdef0123456789', 'theme=dark' ] } }", '{ headers: { cookie: [redacted] } }'],
    ["{ 'set-cookie': [ 'sid=abc; Path=/', 'theme=dark' ], vary: 'a' }", "{ 'set-cookie': [redacted], vary: 'a' }"],
    ["{\n  'set-cookie': [\n    'sid=abc; Path=/',\n    'csrf=def'\n  ],\n  vary: 'a'\n}", "{\n  'set-cookie': [redacted],\n  vary: 'a'\n}"],
    // JSON's lists and objects, nested too, with brackets inside their strings.
    ['{"password":["hunter2"],"x":1}', '{"password":[redacted],"x":1}'],
    ['{"api_key":{"value":"opaque123","note":"a } and a ]"},"x":1}', '{"api_key":[redacted],"x":1}'],
    ['{"cookie":["sid=abc","theme=dark"],"model":"x"}', '{"cookie":[redacted],"model":"x"}'],
    ['{"token":{"nested":{"deep":["opaque123"]}},"x":1}', '{"token":[redacted],"x":1}'],
    // Not closed (an excerpt cut short): to the end, as nothing says where it ends.
    ['{"password":["hunter2", "and more', '{"password":[redacted]'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test("a list of names under another name than headers' (a JSON Schema's required) keeps the name after a credential's", () => {
    for (const text of [
      "required: ['password', 'user']",
      '{"type":"object","required":["password","user","token","email"]}',
      "{ required: [ 'user', 'password',\n    'email' ], fields = ['api_key', 'name'] }",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
    // A flag's value in a list of arguments, and pairs under a headers' name or in no named list, are still hidden.
    expect(redactSecrets("spawnargs: [ 'mysql', '--password', 'hunter2' ]")).toBe("spawnargs: [ 'mysql', '--password', '[redacted]' ]");
    expect(redactSecrets("headers: ['x-api-key', 'opaque123'] and ['token', 'opaque456']")).toBe("headers: ['x-api-key', '[redacted]'] and ['token', '[redacted]']");
    expect(redactSecrets("headerList: ['token', 'opaque'], options: ['cookie', 'sid=abc', 'authorization', 'Bearer abc']")).toBe(
      "headerList: ['token', '[redacted]'], options: ['cookie', '[redacted]', 'authorization', '[redacted]']",
    );
  });

  test("header pairs in lists (fetch's, Node's rawHeaders), as JSON and util.inspect write them: a credential's value after its name", () => {
    expect(redactSecrets('{"headers":[["authorization","Bearer abc"],["x-api-key","opaque123"],["accept","*/*"]]}')).toBe(
      '{"headers":[["authorization","[redacted]"],["x-api-key","[redacted]"],["accept","*/*"]]}',
    );
    expect(redactSecrets("rawHeaders: [ 'Host', 'localhost', 'Cookie', 'sid=abc', 'X-Api-Key', 'opaque123' ]")).toBe(
      "rawHeaders: [ 'Host', 'localhost', 'Cookie', '[redacted]', 'X-Api-Key', '[redacted]' ]",
    );
    expect(redactSecrets("rawHeaders: [\n  'Cookie',\n  'sid=abc',\n  'Accept',\n  '*/*'\n]")).toBe("rawHeaders: [\n  'Cookie',\n  '[redacted]',\n  'Accept',\n  '*/*'\n]");
    // A name in an object's value, or in prose, is no pair's.
    for (const text of ['{"type":"token","value":"abc"}', "the 'token', 'model' and 'messages' fields"]) expect(redactSecrets(text)).toBe(text);
  });

  test('already redacted text stays as it is', () => {
    for (const text of ['{ cookie: [redacted], password: [redacted] }', '{"password":[redacted],"x":1}']) expect(redactSecrets(text)).toBe(text);
  });

  test("a Text Generation Inference token (an object with a logprob), in text, is a model's token, kept", () => {
    const event = '{"index":1,"token":{"id":9707,"text":"Hi","logprob":-0.01,"special":false},"generated_text":null}';
    expect(redactSecrets(event)).toBe(event);
    // Quoted in a JSON string too.
    expect(redactSecrets(JSON.stringify({ data: event }))).toBe(JSON.stringify({ data: event }));
  });
});

describe('a value in quotes of any kind, or after any separator, is hidden whole', () => {
  test.each([
    // util.inspect writes a string with both kinds of quotes in it in backquotes.
    ['{ password: `it\'s "q" 123` }', '{ password: `[redacted]` }'],
    // A Map, as util.inspect writes it.
    ["Map(1) { 'x-api-key' => 'proxy-opaque-123' }", "Map(1) { 'x-api-key' => '[redacted]' }"],
    ["Map(2) { 'authorization' => 'Bearer abc', 'x' => 1 }", "Map(2) { 'authorization' => '[redacted]', 'x' => 1 }"],
    // JSON quoted inside a JSON string (a body quoted in an error message, as text), with escaped quotes in the value.
    ['{"message":"upstream said {\\"password\\":\\"hunter2\\",\\"x\\":1}"}', '{"message":"upstream said {\\"password\\":\\"[redacted]\\",\\"x\\":1}"}'],
    ['{"message":"{\\"api_key\\": \\"a\\\\\\"b c\\\\\\\\\\", \\"x\\": 1}"}', '{"message":"{\\"api_key\\": \\"[redacted]\\", \\"x\\": 1}"}'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test("a logprob entry quoted in a JSON string keeps its token, as one that is not quoted does; a credential's token goes", () => {
    for (const entry of ['{"token":"Hi","logprob":-0.01,"bytes":[72,105]}', '{"bytes":[34],"logprob":-1.5,"token":"\\"q\\""}']) {
      const quoted = JSON.stringify({ message: entry });
      expect(redactSecrets(quoted)).toBe(quoted);
    }
    expect(redactSecrets(JSON.stringify({ message: '{"token":"opaque-9f8e7d6c","expires_in":3600}' }))).toBe('{"message":"{\\"token\\":\\"[redacted]\\",\\"expires_in\\":3600}"}');
  });

  test('the JSON quoted in a JSON string stays valid, and its value is gone', () => {
    const body = JSON.stringify({ message: JSON.stringify({ password: 'a"b\\ c"', x: 1 }) });
    const redacted = redactSecrets(body);
    expect(JSON.parse(JSON.parse(redacted).message)).toEqual({ password: '[redacted]', x: 1 });
  });
});

describe('what is no value of a credential stays', () => {
  test.each([
    // A system's error for a file named as a credential: the error's words are no password. A path alone does not
    // tell: a secret store's parameters are paths too.
    ['open /etc/passwd: permission denied', 'open /etc/passwd: permission denied'],
    ['open /run/secrets/db_password: no such file or directory', 'open /run/secrets/db_password: no such file or directory'],
    ['passwd: Permission denied.', 'passwd: Permission denied.'],
    ['/prod/db/password: x', '/prod/db/password: [redacted]'],
    ['/prod/db/password: permissions', '/prod/db/password: [redacted]'],
    // A name with nothing after it on its line: the next line is not its value (unless indented under it, as YAML's).
    ['no_cookie:\nnext line', 'no_cookie:\nnext line'],
    ['password:\nnext line', 'password:\nnext line'],
    ['Cookie:\r\nHost: api.groq.com', 'Cookie:\r\nHost: api.groq.com'],
    ['  password:\n  user: bob', '  password:\n  user: bob'],
    // A JSON number or literal under a credential's name ends where JSON says.
    ['{"cookie":5,"model":"x"}', '{"cookie":[redacted],"model":"x"}'],
    ['{"password":5}', '{"password":[redacted]}'],
    ['{"cookie": 12.5e3, "model": "x"}', '{"cookie": [redacted], "model": "x"}'],
    // `pass` inside a word is no pass key.
    ['compass_key: north, COMPASS_KEY=south, compassKey: east, bypass_key: 1', 'compass_key: north, COMPASS_KEY=south, compassKey: east, bypass_key: 1'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test('a pass key, and the keys that must stay hidden, are', () => {
    const text = 'pass_key: a1 passkey=a2 tracker_pass_key: a3 trackerPassKey: a4 PASS_KEY=a5 api_key: a6 secret_key: a7 x-api-key: a8 access_key: a9 apikey=b1 groqapikey=b2';
    expect(redactSecrets(text)).toBe(
      'pass_key: [redacted] passkey=[redacted] tracker_pass_key: [redacted] trackerPassKey: [redacted] PASS_KEY=[redacted] api_key: [redacted] secret_key: [redacted] x-api-key: [redacted] access_key: [redacted] apikey=[redacted] groqapikey=[redacted]',
    );
    for (const name of ['pass_key', 'trackerPassKey', 'x-api-key', 'access_key']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['compass_key', 'compassKey', 'COMPASS_KEY']) expect(isSecretName(name), name).toBe(false);
  });

  test('a value under a name inside a name that is refused is still found', () => {
    expect(redactSecrets('compass_key=password=hunter2')).toBe('compass_key=password=[redacted]');
  });

  test("YAML's value on the lines indented under its name is hidden", () => {
    expect(redactSecrets('db:\n  password:\n    hunter2\n  user: bob')).toBe('db:\n  password:\n    [redacted]\n  user: bob');
    expect(redactSecrets('password: |\n  line one\n  line two\nuser: bob')).toBe('password: |\n  [redacted]\nuser: bob');
    expect(redactSecrets('token: >-\n  abc\n\n  def\nnext: 1')).toBe('token: >-\n  [redacted]\nnext: 1');
  });
});

describe("an Authorization header's value is hidden whole, whatever its scheme", () => {
  test.each([
    // Digest's and AWS's parameters, to the end of the line: only the scheme's word was.
    [
      'Authorization: Digest username="u", realm="r", nonce="dcd98b7102dd2f0e", uri="/a?b=1&c=2", response="6629fae49393a05397450978507c4ef1"\r\nHost: h',
      'Authorization: [redacted]\r\nHost: h',
    ],
    [
      'proxy-authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      'proxy-authorization: [redacted]',
    ],
    ['Authorization: Bearer abc, def\nnext: 1', 'Authorization: [redacted]\nnext: 1'],
    // Inside a JSON string: the parameters' escaped quotes, to the string's end or its escaped line break.
    [
      '{"detail":"sent Authorization: Digest username=\\"u\\", response=\\"6629fae4\\"","x":1}',
      '{"detail":"sent Authorization: [redacted]","x":1}',
    ],
    ['{"detail":"Authorization: HOBA result=abc.def\\nHost: h"}', '{"detail":"Authorization: [redacted]\\nHost: h"}'],
    // A base64 credential's padding before a string's closing quote opens no parameter's quotes: the JSON stays whole.
    ['{"detail":"sent authorization: Basic dXNlcjpwYXNzd29yZA=","x":1}', '{"detail":"sent authorization: [redacted]","x":1}'],
    ['{"detail":"sent authorization: Basic dXNlcjpwYXNzd29yZA="}', '{"detail":"sent authorization: [redacted]"}'],
    ['{"m":"{\\"h\\":\\"authorization: Basic dXNlcjpwYXNzd29yZA=\\"}\\"}"}', '{"m":"{\\"h\\":\\"authorization: [redacted]\\"}\\"}"}'],
    // A query's value ends at its `&`; a quoted or bracketed value at its end, as before.
    ['GET /x?authorization=opaque-0123&limit=5', 'GET /x?authorization=[redacted]&limit=5'],
    ["{ authorization: 'Digest username=\"u\", response=\"6629\"', x: 1 }", "{ authorization: '[redacted]', x: 1 }"],
    ['{ headers: { Authorization: Digest username="u", response="6629" }, x: 1 }', '{ headers: { Authorization: [redacted] }, x: 1 }'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test('a header cut before a parameter\'s closing quote (an excerpt that ends there) is hidden to its end', () => {
    expect(redactSecrets('Authorization: Digest username="u", nonce="dcd98b71", response="6629fae49393a05397450978507c4ef1')).toBe('Authorization: [redacted]');
    expect(redactSecrets('Authorization: Digest username="u", response="6629fae4939…\r\nHost: h')).toBe('Authorization: [redacted]\r\nHost: h');
    expect(redactSecrets('{"detail":"Authorization: Digest username=\\"u\\", response=\\"6629fae4939')).toBe('{"detail":"Authorization: [redacted]');
  });

  test('prose after the word is no value: it stays, as a credential after it does not', () => {
    // Two words of lowercase letters, the first no scheme's: advice, which was hidden to the end of the line.
    expect(redactSecrets('Invalid authorization: please set GROQ_API_KEY or pass apiKey')).toBe('Invalid authorization: please set GROQ_API_KEY or pass apiKey');
    expect(redactSecrets('missing authorization: the proxy dropped it\nnext')).toBe('missing authorization: the proxy dropped it\nnext');
    // A scheme in lowercase (HTTP's are case-insensitive), a token, a parameter: values, hidden as before.
    expect(redactSecrets('authorization: bearer abcdefgh')).toBe('authorization: [redacted]');
    expect(redactSecrets('authorization: custom key=abcdefgh')).toBe('authorization: [redacted]');
    expect(redactSecrets('authorization: sk-abc123 is not valid')).toBe('authorization: [redacted]');
  });
});
