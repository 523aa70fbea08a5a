import { describe, expect, it } from 'vitest';
import { readSeed } from './read-seed.js';

// The body as a client writes it, with `seed` spelt as given: JSON.stringify could not write 2^53 + 1.
function read(members: string): ReturnType<typeof readSeed> {
  const text = `{${members}}`;
  return readSeed((JSON.parse(text) as { seed?: unknown }).seed, text);
}

describe('readSeed', () => {
  it('keeps a seed up to 2^53 - 1 a number, and reads one past it exactly from the text', () => {
    expect(read('"seed":-9007199254740991')).toEqual({ seed: -9007199254740991 });
    expect(read('"seed":9007199254740993')).toEqual({ seed: 9007199254740993n });
    expect(read('"seed":-9223372036854775808')).toEqual({ seed: -(2n ** 63n) });
    expect(read('"seed":9.223372036854775807E18')).toEqual({ seed: 2n ** 63n - 1n });
    expect(read('"seed":null')).toEqual({ seed: undefined });
  });

  it('reads the top-level member that JSON.parse keeps, whatever the strings and objects before it hold', () => {
    const messages = '"messages":[{"role":"user","content":"\\"seed\\":1, {\\"seed\\":2}","seed":3}]';
    expect(read(`"seed" : 1, ${messages}, "metadata":{"seed":4}, "se\\u0065d"\t:\n9007199254740993`)).toEqual({ seed: 9007199254740993n });
    expect(read(`"seed":9007199254740995,${messages},"seed":9007199254740997,"user":"\\\\"`)).toEqual({ seed: 9007199254740997n });
  });

  it('refuses what is not an integer of the int64 range, by the digits sent', () => {
    expect(read('"seed":9007199254740993.5')).toBe("'seed' : value must be an integer");
    expect(read('"seed":1.5')).toBe("'seed' : value must be an integer");
    expect(read('"seed":"7"')).toBe("'seed' : value must be an integer");
    expect(read('"seed":9223372036854775808')).toBe("'seed' : number must be at most 9223372036854775807");
    expect(read('"seed":-9223372036854775809')).toBe("'seed' : number must be at least -9223372036854775808");
    expect(read('"seed":1e300')).toBe("'seed' : number must be at most 9223372036854775807");
  });
});
