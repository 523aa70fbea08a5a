import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { lazyModule } from './lazy-module.js';
import { rejectionOf } from './test/rejection-of.js';

describe('lazyModule', () => {
  test('imports once: the loads until it has come share one import, and it is there synchronously after', async () => {
    let imports = 0;
    const code = { answer: 42 };
    const lazy = lazyModule(async () => {
      imports += 1;
      return code;
    });
    expect(lazy.loaded).toBeUndefined();
    const [first, second] = await Promise.all([lazy.load('a()', undefined), lazy.load('b()', undefined)]);
    expect(first).toBe(code);
    expect(second).toBe(code);
    expect(lazy.loaded).toBe(code);
    expect(await lazy.load('c()', undefined)).toBe(code);
    expect(imports).toBe(1);
  });

  test('a failed import rejects with a GroqError that names the method and the request, and is tried again at the next load', async () => {
    let imports = 0;
    const lazy = lazyModule(async () => {
      imports += 1;
      if (imports === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { answer: 42 };
    });
    const error = await rejectionOf(lazy.load('textDeltas()', 'req_01abc'));
    expect(error).toBeInstanceOf(GroqError);
    expect((error as GroqError).message).toMatch(/^textDeltas\(\) could not load its code, which is fetched on first use \[request req_01abc\]\. /);
    expect((error as GroqError).requestId).toBe('req_01abc');
    expect((error as GroqError).cause).toMatchObject({ message: 'Failed to fetch dynamically imported module' });
    expect(lazy.loaded).toBeUndefined();
    expect(await lazy.load('textDeltas()', undefined)).toEqual({ answer: 42 });
    expect(imports).toBe(2);
  });
});
