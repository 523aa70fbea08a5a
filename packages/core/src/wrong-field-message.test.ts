import { expect, test } from 'vitest';
import { wrongFieldMessage } from './wrong-field-message.js';

test('wrongFieldMessage says what held the field, where it is, what belongs there, and the value in a few words', () => {
  expect(wrongFieldMessage('a chunk', 'choices[0].delta.annotations', 'a list', 5)).toBe('The server sent a chunk whose choices[0].delta.annotations is not a list: 5');
  expect(wrongFieldMessage('a chat completion', 'choices[0].message.content', 'text', 42)).toBe('The server sent a chat completion whose choices[0].message.content is not text: 42');
  expect(wrongFieldMessage('a model list', 'data[1].created', 'a number', '1733447754')).toBe('The server sent a model list whose data[1].created is not a number: "1733447754"');
  expect(wrongFieldMessage('a chunk', 'x_groq', 'an object', [1, 2])).toBe('The server sent a chunk whose x_groq is not an object: a list of 2 items');
});
