/** The values of `reasoning_effort` that groq-sdk's types list (which a model takes is Groq's business). */
const REASONING_EFFORTS = ['none', 'default', 'low', 'medium', 'high'];

/** Most `stop` sequences one request may give, as on OpenAI and Groq. */
const MAX_STOP_SEQUENCES = 4;

/**
 * Checks the scalar parameters of a chat-completion request (sampling, limits, `stop`, `user`,
 * `stream_options`; `seed` is read by `readSeed`, which needs the body's text) with Groq's style of message
 * (`'field' : problem`), or returns undefined when they are fine. Every one of them is optional and may be
 * null, as the OpenAI API allows.
 */
export function checkChatParameters(body: Record<string, unknown>): string | undefined {
  return (
    checkBoolean(body.stream, 'stream') ??
    checkInteger(body.n, 'n', 1, 1) ??
    // Both, when both are given: the one not used must still be a valid value.
    checkInteger(body.max_completion_tokens, 'max_completion_tokens', 1, Number.MAX_SAFE_INTEGER) ??
    checkInteger(body.max_tokens, 'max_tokens', 1, Number.MAX_SAFE_INTEGER) ??
    checkNumber(body.temperature, 'temperature', 0, 2) ??
    checkNumber(body.top_p, 'top_p', 0, 1) ??
    checkNumber(body.presence_penalty, 'presence_penalty', -2, 2) ??
    checkNumber(body.frequency_penalty, 'frequency_penalty', -2, 2) ??
    checkBoolean(body.logprobs, 'logprobs') ??
    checkInteger(body.top_logprobs, 'top_logprobs', 0, 20) ??
    checkStop(body.stop) ??
    checkString(body.user, 'user') ??
    checkStreamOptions(body.stream_options) ??
    checkBoolean(body.parallel_tool_calls, 'parallel_tool_calls') ??
    checkOneOf(body.reasoning_effort, 'reasoning_effort', REASONING_EFFORTS)
  );
}

/**
 * The first parameter of an OpenAI chat request that Groq answers with 400 `"\`logprobs\` is not supported with
 * this model"` (its OpenAI compatibility page lists them), or undefined: `logprobs: true`, and `top_logprobs` or
 * `logit_bias` with any value but null. The mock computes no log probabilities and biases no token, so an answer
 * would pass a test that fails against Groq. Checked after {@link checkChatParameters}, as Groq checks types first.
 */
export function unsupportedParameter(body: Record<string, unknown>): string | undefined {
  if (body.logprobs === true) return 'logprobs';
  return ['top_logprobs', 'logit_bias'].find((name) => body[name] !== undefined && body[name] !== null);
}

/** The stop sequences of a request whose `stop` passed {@link checkChatParameters}. */
export function stopSequences(stop: unknown): string[] {
  if (typeof stop === 'string') return [stop];
  return Array.isArray(stop) ? (stop as string[]) : [];
}

/** The message of the 400 that `value` deserves as parameter `name`, or undefined; null and undefined pass. */
export function checkInteger(value: unknown, name: string, minimum: number, maximum: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `'${name}' : value must be an integer`;
  return checkRange(value, name, minimum, maximum);
}

/** The message of the 400 that `value` deserves as parameter `name`, or undefined; null and undefined pass. */
export function checkNumber(value: unknown, name: string, minimum: number, maximum: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') return `'${name}' : value must be a number`;
  return checkRange(value, name, minimum, maximum);
}

function checkRange(value: number, name: string, minimum: number, maximum: number): string | undefined {
  if (value < minimum) return `'${name}' : number must be at least ${minimum}`;
  if (value > maximum) return `'${name}' : number must be at most ${maximum}`;
  return undefined;
}

/** The message of the 400 that `value` deserves as parameter `name`, or undefined; null and undefined pass. */
export function checkBoolean(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  return `'${name}' : value must be a boolean`;
}

/** The message of the 400 that `value` deserves as parameter `name`, or undefined; null and undefined pass. */
export function checkString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return `'${name}' : value must be a string`;
}

/** The message of the 400 that `value` deserves as parameter `name`, or undefined; null and undefined pass. */
function checkOneOf(value: unknown, name: string, values: string[]): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && values.includes(value))) return undefined;
  return `'${name}' : value must be one of ${values.map((allowed) => `"${allowed}"`).join(', ')}`;
}

function checkStop(stop: unknown): string | undefined {
  if (stop === undefined || stop === null || typeof stop === 'string') return undefined;
  if (!Array.isArray(stop)) return "'stop' : value must be a string or an array of strings";
  if (stop.length > MAX_STOP_SEQUENCES) return `'stop' : maximum number of items is ${MAX_STOP_SEQUENCES}`;
  const index = stop.findIndex((sequence: unknown) => typeof sequence !== 'string');
  return index === -1 ? undefined : `'stop.${index}' : value must be a string`;
}

// `{ include_usage }`: the mock puts usage on the last chunk either way, as Groq does, but checks the shape.
function checkStreamOptions(options: unknown): string | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) return "'stream_options' : value must be an object";
  return checkBoolean((options as Record<string, unknown>).include_usage, 'stream_options.include_usage');
}
