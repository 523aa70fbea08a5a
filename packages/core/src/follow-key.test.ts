import { describe, expect, test } from 'vitest';
import { follow, groqKeyShape, keyWordShape } from './follow-key.js';
import { redactKnownKeys } from './redact-secrets.js';

// Every way an echo may write a character that this file can think of, wider than what the redaction reads: JSON's,
// JavaScript's and percent escapes, in both cases, and HTML entities, decimal and hex, with up to six zeros. Those the
// redaction reads as part of a key are the ones the guard must hold back, at every place a chunk may end inside
// them: the guard's beginnings of spellings are read from the redaction's patterns, and this fails if they drift.
function spellingsOf(character: string): string[] {
  const spellings = new Set<string>();
  for (const unit of new Set([character, character.toLowerCase(), character.toUpperCase()])) {
    const code = unit.charCodeAt(0);
    const hex = code.toString(16).padStart(2, '0');
    for (const digits of [hex, hex.toUpperCase()]) {
      for (const escape of [`\\u00${digits}`, `\\x${digits}`, `%${digits}`]) spellings.add(escape);
      for (let zeros = 0; zeros <= 6; zeros++) for (const x of ['x', 'X']) spellings.add(`&#${x}${'0'.repeat(zeros)}${digits};`);
    }
    for (let zeros = 0; zeros <= 6; zeros++) spellings.add(`&#${'0'.repeat(zeros)}${code};`);
  }
  if (character === '_') for (const name of ['lowbar', 'UnderBar', 'underbar', 'LOWBAR', 'UNDERBAR']) spellings.add(`&${name};`);
  return [...spellings];
}

const secret = 'Zq7wX2pL9mN4'.repeat(5).slice(0, 52);
const prefix = 'gsk_';

describe("follow-key holds back every spelling of a key's character that the redaction reads, wherever a chunk ends in it", () => {
  test.each([...prefix].map((character, index) => [character, index]))("the prefix's %s", (character, index) => {
    const hidden = spellingsOf(character).filter((spelling) => {
      const key = `${prefix.slice(0, index)}${spelling}${prefix.slice(index + 1)}${secret}`;
      return !redactKnownKeys(`x ${key} y`).includes(secret.slice(-20));
    });
    // The redaction reads most of them: the test would pass on none.
    expect(hidden.length).toBeGreaterThan(20);
    const missed = hidden.flatMap((spelling) =>
      [...spelling].map((_, end) => `${prefix.slice(0, index)}${spelling.slice(0, end + 1)}`).filter((text) => follow(text, 0, groqKeyShape).kind !== 'partial'),
    );
    expect(missed).toEqual([]);
  });

  test.each(['A', 'z', '0', '9', 'q'])('a letter or digit of the secret part, %s', (character) => {
    const head = secret.slice(0, 20);
    const tail = secret.slice(21);
    const hidden = spellingsOf(character).filter((spelling) => !redactKnownKeys(`x ${prefix}${head}${spelling}${tail} y`).includes(tail));
    expect(hidden.length).toBeGreaterThan(10);
    const missed = hidden.flatMap((spelling) =>
      [...spelling].flatMap((_, end) => {
        const text = `${prefix}${head}${spelling.slice(0, end + 1)}`;
        return [groqKeyShape, keyWordShape].filter((shape) => follow(text, 0, shape).kind !== 'partial').map(() => text);
      }),
    );
    expect(missed).toEqual([]);
  });

  test('what the redaction does not read is no beginning: the text is passed on', () => {
    // Six zeros, which no spelling the redaction reads has; an entity's name it does not know.
    expect(redactKnownKeys(`gsk&#x000005f;${secret}`)).toContain(secret);
    expect(follow('gsk&#x00000', 0, groqKeyShape)).toEqual({ kind: 'no' });
    expect(follow('gsk&lowbas', 0, groqKeyShape)).toEqual({ kind: 'no' });
    expect(follow('gsk&#x5f;A&#x4', 0, groqKeyShape)).toEqual({ kind: 'partial', count: 5 });
  });
});
