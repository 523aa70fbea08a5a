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
});
