import { describe, expect, test } from 'vitest';
import { mayHoldClientKey } from './may-hold-client-key.js';
import { redactKnownKeys, rememberRequestSecret, rememberSecret } from './redact-secrets.js';

// mayHoldClientKey, in a file of its own: remembered secrets are module-wide, and redact-secrets.test.ts remembers so many that the
// check there runs without its first, quick test (see `formsPattern`). Here it runs with it, then without.
const chunkWith = (content: string): string => JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content } }] });

describe('mayHoldClientKey with few remembered keys (its quick first test)', () => {
  const key = 'pk-quick-9f8e7d6c5b4a';
  const spelled = [
    ['whole', key],
    ['spaced out', 'p k - q u i c k - 9 f 8 e 7 d 6 c 5 b 4 a'],
    ['wrapped and indented', 'pk-quick-9f8e\n        7d6c5b4a'],
    ['split by a zero-width space and a soft hyphen', 'pk-quick-9f\u200b8e7d\u00ad6c5b4a'],
    ['over a line break written as a JSON escape', 'pk-quick-9f8e\\n7d6c5b4a'],
    ['split by a form feed and a vertical tab', 'pk-quick-9f8e\f7d6c\v5b4a'],
    ['in base64', btoa(key)],
    ['without its prefix', 'quick-9f8e7d6c5b4a'],
  ];

  test.each(spelled)('sees a key %s', (_how, content) => {
    rememberSecret(key);
    expect(mayHoldClientKey(chunkWith(`echo: ${content} end`))).toBe(true);
  });

  test('sees every credential the redaction replaces, however short without its spaces or however escaped in JSON', () => {
    const credentials = ['a b c d e f', 'pa"ss\\word99', 'fkey-0011223344', 'nkey-5566778899'];
    for (const credential of credentials) rememberRequestSecret(credential);
    const contents = ['say a b c d e f', 'body: {"k":"pa\\"ss\\\\word99"}', 'at \\fkey-00112233\t44', 'at \\nkey-5566778899'];
    for (const content of contents) {
      expect(redactKnownKeys(content)).not.toBe(content);
      expect(mayHoldClientKey(chunkWith(content)), content).toBe(true);
    }
  });

  test('passes prose with spaces, line breaks, escapes and pieces of the key', () => {
    rememberSecret(key);
    expect(mayHoldClientKey(chunkWith(' the key\n\tis pk-quick and 9f8e, a path C:\\new'))).toBe(false);
  });

  test('still sees them once too many credentials are remembered for the quick test', () => {
    for (let request = 0; request < 100; request++) rememberRequestSecret(`tenant-${request}-abcdefgh`);
    for (const [, content] of spelled) expect(mayHoldClientKey(chunkWith(`echo: ${content} end`))).toBe(true);
    expect(mayHoldClientKey(chunkWith('tenant-99-abcd efgh'))).toBe(true);
    expect(mayHoldClientKey(chunkWith(' the key\n\tis pk-quick and 9f8e, a path C:\\new'))).toBe(false);
  });
});
