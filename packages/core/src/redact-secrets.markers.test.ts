import { describe, expect, test } from 'vitest';
import { redactKnownKeys, redactSecrets } from './redact-secrets.js';

// A Groq key's shape: `gsk_` and 52 letters and digits.
const key = `gsk_${'a'.repeat(52)}`;
const other = `gsk_${'Zq9'.repeat(17)}x`;

describe('a Groq key glued to another', () => {
  test('two Groq keys glued together are both hidden whole', () => {
    for (const text of [`${key}${other}`, `${other}${key}`, `keys:${other}${other}.`]) {
      expect(redactSecrets(text)).not.toMatch(/aaaaaaaa|Zq9Zq9/);
      expect(redactKnownKeys(text)).not.toMatch(/aaaaaaaa|Zq9Zq9/);
    }
    expect(redactKnownKeys(`${key}${other}`)).toBe('gsk_[redacted]gsk_[redacted]');
  });
});
