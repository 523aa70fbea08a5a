import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';

describe('models.retrieve', () => {
  test('an ID of . or .. is refused, as the URL would read it as a path step and ask for another endpoint', async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      return Promise.resolve(Response.json({ object: 'list', data: [] }));
    };
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', fetch });
    for (const id of ['.', '..']) {
      const error = await client.models.retrieve(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(/^models\.retrieve\(\) takes a model ID, got "\.{1,2}", which is no model ID\./);
    }
    expect(urls).toEqual([]);
  });

  test('a 404 for a 10 KB ID names the request with its path cut short, not 10 KB of it', async () => {
    const id = 'm'.repeat(10_000);
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', maxRetries: 0, fetch: async () => Response.json({ error: { message: 'The model does not exist.' } }, { status: 404 }) });
    const error = await client.models.retrieve(id).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^404 The model does not exist\. \[GET \/openai\/v1\/models\/m{100,}… \(10018 characters in all\)\]\. Check the model name/);
    expect((error as Error).message.length).toBeLessThan(600);
  });
});
