// A whole time as an object member (`{` or `,` before its key, `,` or `}` after its digits). Inside a JSON
// string no key can match: every `"` there is escaped, so none follows `{` or `,` and none precedes `:`.
const WHOLE_TIME = /(?<=[{,])"(queue_time|prompt_time|completion_time|total_time)":(-?\d+)(?=[,}])/g;
// Where the times of an answer start. Like a key above, this text cannot occur inside a JSON string.
const USAGE_MEMBER = '"usage":{';

/**
 * `JSON.stringify` for the mock's chat-completion answers and their usage, with a `bigint` written as its
 * digits (an exact `x_groq.seed`), and with Groq's usage times
 * (`queue_time`, `prompt_time`, `completion_time`, `total_time`) always written as floats: `1.0`, not `1`.
 *
 * Groq's times are floats, and Python's `json.loads` reads `1` as an `int`, so a Python test checking
 * them (`isinstance(usage["completion_time"], float)`) failed whenever the pace made one whole: 20
 * tokens at 20 tokens per second, or 1,000 unthrottled tokens. The value is the same number for any
 * JSON reader.
 *
 * The search starts at the first `usage` member (or at the start, for a usage object itself), so that
 * the content of a long answer before it is not scanned: 10 ms instead of 1 s for 70 MB.
 */
export function stringifyGroqJson(value: object): string {
  const bigintKeys = new Set<string>();
  const text = JSON.stringify(value, (key, member: unknown) => {
    if (typeof member !== 'bigint') return member;
    bigintKeys.add(key);
    return `${BIGINT_MARK}${member}`;
  });
  const from = Math.max(text.indexOf(USAGE_MEMBER), 0);
  const timed = text.slice(0, from) + text.slice(from).replace(WHOLE_TIME, '"$1":$2.0');
  return [...bigintKeys].reduce((written, key) => written.replace(bigintMember(key), '$1$2'), timed);
}

// A `bigint` (a seed past 2^53, which a `number` cannot hold exactly) is written as its digits, as a number:
// `JSON.stringify` refuses it, so it goes through as a string, the mark then its digits, and loses its quotes.
// Only members of the keys that had one are rewritten: a content token can be the same mark and digits.
const BIGINT_MARK = '\u0000';

function bigintMember(key: string): RegExp {
  const quotedKey = JSON.stringify(key).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return new RegExp(`(?<=[{,])(${quotedKey}:)"\\\\u0000(-?\\d+)"(?=[,}])`, 'g');
}
