import { describeServerValue } from './describe-server-value.js';

/**
 * How a field of another JSON type than its type gives it is said, for a stream's chunk (`invalidChunkField`) and a
 * whole answer's (`readJSONResult`'s `fields`) alike: `The server sent a chunk whose choices[0].delta.content is not
 * text: 42`. The value in a few words (see describeServerValue), not serialised: it may be nested deep or be huge.
 *
 * @param sent - What held the field, e.g. `a chunk`, `a chat completion`, `a model list`.
 * @param field - Where the value sits in it, e.g. `choices[0].delta.tool_calls[1].index`.
 * @param expected - What belongs there, e.g. `a list`, `text`, `a whole number from 0`.
 */
export function wrongFieldMessage(sent: string, field: string, expected: string, value: unknown): string {
  return `The server sent ${sent} whose ${field} is not ${expected}: ${describeServerValue(value)}`;
}
