import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { redactKnownKeys, redactSecrets, rememberSecret } from './redact-secrets.js';

// A Groq key's shape: `gsk_` and 52 letters and digits.
const key = `gsk_${'a'.repeat(52)}`;
const other = `gsk_${'Zq9'.repeat(17)}x`;

// A credential that an earlier pass found whole, by its shape (a Groq key's) or its value (a remembered key), is a
// marker by the time a name's or a scheme's rule reads it: that rule took the sentence's punctuation after it for more
// of the value (`token=[redacted] x` for `token=gsk_…: x`), or cut the marker at its `]`.
describe("the sentence's punctuation after a credential found whole stays", () => {
  test.each([
    [`Bearer ${key}: text`, 'Bearer [redacted]: text'],
    [`token=${key}: x`, 'token=[redacted]: x'],
    [`Authorization: Bearer ${key}: no`, 'Authorization: [redacted]: no'],
    [`Invalid key ${key}: text`, 'Invalid key gsk_[redacted]: text'],
    [`(token=${key})`, '(token=[redacted])'],
    [`{token: ${key}}`, '{token: [redacted]}'],
    [`api_key: ${key}. Check it`, 'api_key: [redacted]. Check it'],
    [`sent "Bearer ${key}."`, 'sent "Bearer [redacted]."'],
    [`see https://x.example/v1?key=${key}).`, 'see https://x.example/v1?key=[redacted]).'],
    [`{"m":"token=${key}. next"}`, '{"m":"token=[redacted]. next"}'],
    [`Authorization: ${key}: no`, 'Authorization: [redacted]: no'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecretsDeep(text)).toBe(expected);
  });

  test("a value's own last character is hidden where its rule cannot tell it from punctuation: a password may end in one", () => {
    expect(redactSecrets('password=hunter2: x')).toBe('password=[redacted] x');
    expect(redactSecrets('password: hunter2. next')).toBe('password: [redacted] next');
    expect(redactSecrets('token=opaque-value). x')).toBe('token=[redacted] x');
    // An unsecured JWT ends in `.`.
    expect(redactSecrets('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. x')).toBe('Bearer [redacted] x');
    // After a marker, what is not punctuation before white space is taken as more of the value, as before.
    expect(redactSecrets(`token=${key}:more x`)).toBe('token=[redacted] x');
    expect(redactSecrets(`Authorization: Bearer ${key} and more`)).toBe('Authorization: [redacted]');
    // A cookie's line goes whole, a key in it too.
    expect(redactSecrets(`Cookie: ${key}: x`)).toBe('Cookie: [redacted]');
  });
});

describe('a marker is never cut nor taken as the start of a value to show the rest of', () => {
  test.each([
    ['Authorization: Bearer [redacted]', 'Authorization: [redacted]'],
    ['Authorization: Bearer gsk_[redacted]: no', 'Authorization: [redacted]: no'],
    // A parameter's value that was redacted before: what follows it on the line is the header's, hidden too.
    ['Authorization: Custom key=[redacted] sig=abcdef0123', 'Authorization: [redacted]'],
    ['{"detail":"Authorization: Custom key=[redacted], sig=abcdef0123"}', '{"detail":"Authorization: [redacted]"}'],
    // A value that starts with a marker goes whole: a password may hold a remembered key and more.
    ['password=[redacted]XYZ next', 'password=[redacted] next'],
    ['password: [redacted]-tail', 'password: [redacted]'],
    // A marker that starts the line (a remembered credential was the whole value): the parameters after it are the
    // header's too, as after one inside it.
    ['Authorization: [redacted] sig=abcdef0123', 'Authorization: [redacted]'],
    ['Authorization=[redacted] sig=abcdef0123 x', 'Authorization=[redacted]'],
    ['Proxy-Authorization: [redacted]\tsig=abcdef0123', 'Proxy-Authorization: [redacted]'],
    ['Authorization: [redacted], sig=abcdef0123', 'Authorization: [redacted]'],
    ['Authorization: [redacted]XYZ sig=abcdef0123', 'Authorization: [redacted]'],
    ['Authorization: [redacted] sig=abcdef0123\nnext line', 'Authorization: [redacted]\nnext line'],
    ['{"detail":"Authorization: [redacted] sig=abcdef0123","x":1}', '{"detail":"Authorization: [redacted]","x":1}'],
    ['{"m":"{\\"h\\":\\"Authorization: [redacted] sig=abcdef0123\\"}"}', '{"m":"{\\"h\\":\\"Authorization: [redacted]\\"}"}'],
    // A list under the name with more of the line after it, the same: it is what the marker was before.
    ["authorization: ['Digest', 'u'] response=abcdef0123", 'authorization: [redacted]'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(expected)).toBe(expected);
  });

  // In JSON and util.inspect's output a list or a marker under the name ends at its bracket, before `,`, `}`, `]`, a
  // line break or the end: what follows is the object's next field.
  test.each([
    ['"authorization":[redacted],"x":1', '"authorization":[redacted],"x":1'],
    ['{"authorization":["Bearer abc"],"x":1}', '{"authorization":[redacted],"x":1}'],
    ['{"authorization": [redacted] , "x": 1}', '{"authorization": [redacted] , "x": 1}'],
    ['{"headers":{"authorization":[redacted]},"x":1}', '{"headers":{"authorization":[redacted]},"x":1}'],
    ['{\\"authorization\\":[redacted],\\"x\\":1}', '{\\"authorization\\":[redacted],\\"x\\":1}'],
    ["{ authorization: [ 'Bearer abc' ], x: 1 }", '{ authorization: [redacted], x: 1 }'],
    ['{\n  authorization: [redacted],\n  x: 1\n}', '{\n  authorization: [redacted],\n  x: 1\n}'],
    ['{\n  "authorization": [redacted]\n}', '{\n  "authorization": [redacted]\n}'],
    ["Map(1) { 'authorization' => [redacted], 'x' => 1 }", "Map(1) { 'authorization' => [redacted], 'x' => 1 }"],
    ['GET /x?authorization=[redacted]&limit=5', 'GET /x?authorization=[redacted]&limit=5'],
    ['Authorization: [redacted]. Next', 'Authorization: [redacted]. Next'],
    ["authorization: ['a']. Next", 'authorization: [redacted]. Next'],
  ])('an Authorization value that is a list or a marker, in JSON or an object: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(expected)).toBe(expected);
  });

  test('a remembered credential that starts an Authorization line: the parameters after it are hidden', () => {
    rememberSecret('pk-marker-line-7f3a9b2c1d');
    for (const redact of [redactSecrets, redactSecretsDeep]) {
      expect(redact('Authorization: pk-marker-line-7f3a9b2c1d sig=abcdef0123')).toBe('Authorization: [redacted]');
      expect(redact('Authorization: pk-marker-line-7f3a9b2c1d, Signature=abcdef0123')).toBe('Authorization: [redacted]');
      expect(redact('{"authorization":"pk-marker-line-7f3a9b2c1d","x":1}')).toBe('{"authorization":"[redacted]","x":1}');
    }
  });

  test('a list under a name, and what closes around it, stay as they were read, also when read again', () => {
    const once = redactSecrets('{"a":{"password":["x"]},"b":1}');
    expect(once).toBe('{"a":{"password":[redacted]},"b":1}');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('a Groq key glued to another', () => {
  test('two Groq keys glued together are both hidden whole', () => {
    for (const text of [`${key}${other}`, `${other}${key}`, `keys:${other}${other}.`]) {
      expect(redactSecrets(text)).not.toMatch(/aaaaaaaa|Zq9Zq9/);
      expect(redactKnownKeys(text)).not.toMatch(/aaaaaaaa|Zq9Zq9/);
    }
    expect(redactKnownKeys(`${key}${other}`)).toBe('gsk_[redacted]gsk_[redacted]');
  });

  // A key split by a separator into pieces that make 52 (see splitGroqKey) took the glued key's `gsk` as its last piece's
  // letters: 55, no whole key, and the piece was shown.
  const secret = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9z';

  test.each([
    ['a line break', `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}${other}`],
    ['spaces, in three pieces', `gsk_${secret.slice(0, 10)} ${secret.slice(10, 40)}  ${secret.slice(40)}${other}`],
    ['a JSON escape', `{"m":"gsk_${secret.slice(0, 51)}\\n${secret.slice(51)}${other}"}`],
    ['a zero-width space, before a key whose _ is an entity', `gsk_${secret.slice(0, 30)}\u200b${secret.slice(30)}gsk&#95;${other.slice(4)}`],
  ])('a Groq key split by %s and glued to another is hidden whole, and the other too', (_how, text) => {
    for (const redact of [redactSecrets, redactKnownKeys, redactSecretsDeep]) {
      expect(redact(text)).not.toMatch(/Ab3d|Op3r|Wx9z|Zq9Z/);
    }
    expect(redactKnownKeys(`gsk_${secret.slice(0, 30)}\n${secret.slice(30)}${other}.`)).toBe('gsk_[redacted]gsk_[redacted].');
  });

  test('a remembered key split by a line break and glued to another key is hidden whole, and the other too', () => {
    const remembered = 'gsk_Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7Rm7R';
    rememberSecret(remembered);
    rememberSecret('pk-glued-split-4e5f6a7b8c');
    for (const text of [
      `${remembered.slice(0, 34)}\n${remembered.slice(34)}${other}`,
      `${remembered.slice(0, 34)}\n${remembered.slice(34)}${remembered}`,
      `pk-glued-split-\n4e5f6a7b8c${other}`,
      `pk-glued-split-\n4e5f6a7b8cpk-glued-split-4e5f6a7b8c`,
    ]) {
      for (const redact of [redactSecrets, redactKnownKeys, redactSecretsDeep]) expect(redact(text), text).not.toMatch(/Rm7R|7b8c|Zq9Z/);
    }
  });

  // Nor the start of one glued after it that the text ends in (`gsk`, the guard's choice's last chunk), or a prefix
  // with too few letters after it to be a key (`gsk_`, `gsk_abc`): the last piece took its letters, made 55, and was shown.
  test.each([
    ["gsk at the text's end", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsk`, `gsk_[redacted]gsk`],
    ["g at the text's end", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}g`, `gsk_[redacted]g`],
    ["gsk and an entity's start at the text's end", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsk&#9`, `gsk_[redacted]gsk&#9`],
    ["a prefix alone", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsk_ next`, `gsk_[redacted]gsk_ next`],
    ["a prefix and three letters", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsk_abc.`, `gsk_[redacted]gsk_abc.`],
    ["a prefix in capitals, its _ percent-encoded", `gsk_${secret.slice(0, 51)} ${secret.slice(51)}GSK%5F`, `gsk_[redacted]GSK%5F`],
  ])("a Groq key split by a separator before %s is hidden whole", (_how, text, redacted) => {
    expect(redactKnownKeys(text)).toBe(redacted);
    for (const redact of [redactSecrets, redactSecretsDeep]) expect(redact(text)).not.toMatch(/Ab3d|Op3r|Wx9z/);
  });

  test.each([
    ["letters that begin no key", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsx`],
    ["a key's start that the text goes on after", `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}gsk more`],
  ])("pieces that pass 52 before %s are no key", (_how, text) => {
    expect(redactKnownKeys(text)).toBe(`gsk_[redacted]\n${text.slice(35)}`);
  });

  test("no character of a key split by separators and glued to what may follow it is left", () => {
    // Letters no other part of the text holds, so that any of them left is the key's.
    const secretPart = fc.array(fc.constantFrom(...'KLMNOPRSTUVW12348'), { minLength: 52, maxLength: 52 }).map((units) => units.join(''));
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 51 }), { minLength: 1, maxLength: 3 }).map((list) => list.sort((a, b) => a - b));
    const separatorRun = fc.constantFrom('\n', ' ', '\r\n', '\n  ', '\\n', '\\r\\n', '\u200b', '\u00ad', '\t');
    const before = fc.constantFrom('', 'key ', 'x', '"', 'token=', 'Authorization: Bearer ', `${key}\n`, 'gsk_[redacted]');
    const after = fc.constantFrom('', key, other, 'gsk', 'g', 'gsk_', 'gsk_abc', `gsk&#95;${'a'.repeat(52)}`, `\\u0067sk_${'a'.repeat(52)}`, ' x', '.', ',', '"', ')', '\n', ` ${other}`);
    fc.assert(
      fc.property(before, secretPart, cuts, fc.array(separatorRun, { minLength: 3, maxLength: 3 }), after, (head, part, at, runs, tail) => {
        const pieces = [...at, 52].map((end, index) => part.slice(index === 0 ? 0 : at[index - 1], end));
        const text = `${head}gsk_${pieces[0]}${pieces.slice(1).map((piece, index) => `${runs[index]}${piece}`).join('')}${tail}`;
        for (const redact of [redactSecrets, redactKnownKeys]) expect(redact(text), JSON.stringify(text)).not.toMatch(/[K-PR-W1-48]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('redacting redacted text changes nothing, and shows nothing of a key', () => {
  // Credentials' names, schemes, keys, markers and the punctuation and quotes around them, in any order.
  // Not a URL's or a DSN's user and password (`//u:p@h`, `root:pw@tcp(h)`): a marker of theirs glued after another value
  // (`?key=[redacted][redacted]@tcp(h)/a`) is read again as one longer value: hidden more the second time, never less.
  const fragment = fc.constantFrom(
    ...['password', 'Authorization', 'token', 'api_key', 'Cookie', 'Bearer ', 'Basic ', key, other, 'hunter2x', '[redacted]', 'gsk_[redacted]'],
    ...[': ', '=', ':', ' ', '"', "'", ',', '.', ')', '(', ']', '[', '}', '{', '\n', '?key=', '&', 'x', 'no', '@'],
  );
  const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));

  test('redactSecrets(redactSecrets(text)) is redactSecrets(text)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const once = redactSecrets(value);
        expect(redactSecrets(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  test('no run of a Groq key\'s secret part is left', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(redactSecrets(value)).not.toMatch(/aaaa|Zq9Z|9Zq9/);
        expect(redactKnownKeys(value)).not.toMatch(/aaaa|Zq9Z|9Zq9/);
      }),
      { numRuns: 3000 },
    );
  });
});
