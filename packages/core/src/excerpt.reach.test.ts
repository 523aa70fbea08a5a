import { expect, test, vi } from 'vitest';
import { redactSecrets } from './redact-secrets.js';
import { cutShort, excerpt } from './excerpt.js';

// The lengths of the texts redacted, to see how much of a long text an excerpt reads.
const redactedLengths = vi.hoisted(() => [] as number[]);
vi.mock('./redact-secrets.js', async (original) => {
  const actual = await original<typeof import('./redact-secrets.js')>();
  return {
    ...actual,
    redactSecrets: (text: string) => {
      redactedLengths.push(text.length);
      return actual.redactSecrets(text);
    },
  };
});

const key = `gsk_${'A1b2C3d4'.repeat(6)}Zz9Y`;
const reach = 200 + 64 * 1024;

test.each([
  ['excerpt', excerpt],
  ['cutShort', cutShort],
])('%s of a 15 MiB text redacts only as far as its cut can show, and counts the rest as it is', (_name, cut) => {
  redactedLengths.length = 0;
  const text = `{"token": ${'x'.repeat(15 * 1024 * 1024)}}`;
  const shown = cut(text);
  expect(Math.max(...redactedLengths)).toBeLessThanOrEqual(reach);
  expect(shown).toContain(`… (${'{"token": [redacted]'.length + text.length - reach} characters in all)`);
  expect(shown).not.toContain('xxx');
});

test('a key that starts in view is redacted whole, also written in JSON escapes, in a text longer than the reach', () => {
  const escaped = [...key].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  for (const secret of [key, escaped]) {
    const text = `${'a'.repeat(190)}${secret}${' b'.repeat(100_000)}`;
    const shown = excerpt(text);
    expect(shown).not.toContain(secret.slice(0, 12));
    expect(shown).toMatch(/characters in all\)"$/);
    expect(redactSecrets(text).startsWith(`${'a'.repeat(190)}gsk_[redacted]`)).toBe(true);
  }
});

test('a credential whose value runs past the reach is cut after [redacted], and said to be cut', () => {
  const text = `password: ${'p'.repeat(70_000)} ${'tail '.repeat(20_000)}`;
  expect(cutShort(text)).toBe(`password: [redacted]… (${'password: [redacted]'.length + text.length - reach} characters in all)`);
});
