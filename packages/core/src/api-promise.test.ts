import { describe, expect, test } from 'vitest';
import { APIPromise } from './api-promise.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { Groq } from './groq.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

describe('APIPromise', () => {
  test('finally() runs once the request settles and passes on its result or error; what it derives is a plain promise', async () => {
    const answered = new Groq({ apiKey: 'k', fetch: () => Promise.resolve(Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [] })) });
    let ran = 0;
    const derived = answered.chat.completions.create({ model, messages }).finally(() => ran++);
    expect(derived).not.toBeInstanceOf(APIPromise);
    expect((await derived).id).toBe('c1');
    const failing = new Groq({ apiKey: 'k', maxRetries: 0, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(failing.chat.completions.create({ model, messages }).finally(() => ran++)).rejects.toBeInstanceOf(APIConnectionError);
    expect(ran).toBe(2);
    expect(answered.chat.completions.create({ model, messages }).then((completion) => completion.id)).not.toBeInstanceOf(APIPromise);
  });
});
