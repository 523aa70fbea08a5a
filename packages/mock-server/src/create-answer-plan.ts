import { createToolCallId } from './create-ids.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import type { MockScenario } from './scenarios.js';
import type { ChatRequest } from './validate-chat-request.js';
import { isRecord } from './is-record.js';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaExampleTooLargeError } from './schema-example-too-large-error.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';
import { SchemaPatternTooSlowError } from './schema-pattern-matching.js';
import { cutAtStopSequence } from './cut-at-stop-sequence.js';

const ARGUMENT_PIECE_LENGTH = 8;
// Benchmarks and tests ask for the same answer over and over, and generating 2,000 tokens takes a few
// hundred µs that a new request would wait for: the last few answers of moderate size are kept.
const CACHED_ANSWERS = 16;
const MAX_CACHED_TOKENS = 20_000;
const MAX_CACHED_PROMPT_LENGTH = 10_000;
const cachedAnswers = new Map<string, readonly string[]>();

/** What one answer says, before it is shaped into chunks or into a `ChatCompletion`. */
export interface AnswerPlan {
  /** The reasoning sent as such (`delta.reasoning`, `message.reasoning`). */
  reasoning: string[];
  /** Reasoning tokens that were generated but not sent (`reasoning_format: "hidden"`): usage still counts them. */
  hiddenReasoningTokens: number;
  content: string[];
  toolCall: { id: string; name: string; argumentPieces: string[] } | undefined;
  finishReason: 'stop' | 'length' | 'tool_calls';
  completionTokens: number;
}

/**
 * Decides the answer to a valid request: a tool call (when `tool_choice` forces one, or in scenario
 * `tool-calls` unless `tool_choice` is `"none"` or the last message is a tool result), or reasoning (scenario
 * `reasoning`, sent as the request's `reasoningFormat` says) then content. The
 * content ends before the first `stop` sequence; then the answer is cut to `max_completion_tokens` with
 * `finish_reason: 'length'`, so that a stop sequence past the limit is never reached, as in generation.
 */
export function createAnswerPlan(request: ChatRequest, scenario: MockScenario, tokens: number | undefined): AnswerPlan {
  if (request.toolCallForced || (scenario === 'tool-calls' && request.toolCallsAllowed && !request.toolResultsLast)) {
    const name = request.tool?.name ?? 'get_weather';
    const argumentsText = JSON.stringify(toolArguments(request));
    const argumentPieces = splitCodePoints(argumentsText, ARGUMENT_PIECE_LENGTH);
    return {
      reasoning: [],
      hiddenReasoningTokens: 0,
      content: [],
      toolCall: { id: createToolCallId(), name, argumentPieces },
      finishReason: 'tool_calls',
      completionTokens: argumentPieces.length + 1,
    };
  }
  const generated = scenario === 'reasoning' ? generateReasoningTokens(request.prompt) : [];
  // Raw reasoning is text the model writes, tags included: the tags count towards the limit too.
  const reasoning = request.reasoningFormat === 'raw' && generated.length > 0 ? ['<think>\n', ...generated, '\n</think>\n\n'] : generated;
  const content = cutAtStopSequence(
    request.jsonFormat === undefined ? answerTokens(request.prompt, tokens) : jsonAnswerTokens(request, tokens),
    request.stop,
  );
  const limit = request.maxTokens;
  let finishReason: AnswerPlan['finishReason'] = 'stop';
  // Groq counts reasoning against max_completion_tokens too, sent or not.
  if (limit !== undefined && reasoning.length + content.length > limit) {
    reasoning.length = Math.min(reasoning.length, limit);
    content.length = limit - reasoning.length;
    finishReason = 'length';
  }
  const plan = { reasoning, hiddenReasoningTokens: 0, content, toolCall: undefined, finishReason, completionTokens: reasoning.length + content.length };
  if (request.reasoningFormat === 'hidden') return { ...plan, reasoning: [], hiddenReasoningTokens: reasoning.length };
  if (request.reasoningFormat === 'raw') return { ...plan, reasoning: [], content: [...reasoning, ...content] };
  return plan;
}

/**
 * The plan of an answer stopped after its first `deltas` deltas (reasoning, then content), as `stopped-early`
 * streams it: usage then counts what was generated, not what was planned, and the finish reason is `stop`
 * when anything was cut. A tool call that does not fit is not sent at all: Groq parses a call before it sends
 * it, so no stream of it carries a call with half its arguments (which no client could parse), and a call
 * cut short is as if the model had not made it. Its deltas, generated before the stop, still count.
 */
export function cutAnswerPlan(plan: AnswerPlan, deltas: number): AnswerPlan {
  // Hidden reasoning was generated before the first delta sent.
  if (plan.completionTokens - plan.hiddenReasoningTokens <= deltas) return plan;
  const reasoning = plan.reasoning.slice(0, deltas);
  const content = plan.content.slice(0, deltas - reasoning.length);
  return { reasoning, hiddenReasoningTokens: plan.hiddenReasoningTokens, content, toolCall: undefined, finishReason: 'stop', completionTokens: plan.hiddenReasoningTokens + deltas };
}

// JSON mode: the content is one JSON document, streamed in pieces like any answer. A schema gets a value
// that satisfies it; plain JSON mode gets the usual answer wrapped in an object.
function jsonAnswerTokens(request: ChatRequest, tokens: number | undefined): string[] {
  const format = request.jsonFormat;
  // `false` allows no value: refused as any schema no value satisfies. `true` allows any: the usual answer.
  const value =
    typeof format === 'object' && (isRecord(format.schema) || format.schema === false)
      ? schemaExample(format.schema, promptSubject(request.prompt, 'answer'), "'response_format.json_schema.schema'", 'the schema is')
      : { answer: answerTokens(request.prompt, tokens).join('') };
  return splitCodePoints(JSON.stringify(value), ARGUMENT_PIECE_LENGTH);
}

// Arguments that satisfy the tool's schema, so that they parse, validate in the client and look
// plausible to the app under test: strings start with the prompt, numbers are 42, booleans true.
function toolArguments(request: ChatRequest): Record<string, unknown> {
  const subject = promptSubject(request.prompt, 'Paris');
  if (request.tool === undefined) return { location: subject, unit: 'celsius' };
  const values = schemaExample(request.tool.parameters, subject, "'tools'", `the parameters of function ${JSON.stringify(request.tool.name)} are`);
  return isRecord(values) ? values : {};
}

/**
 * A request whose answer the mock cannot build (too large, a pattern too slow to test, or a schema no value it
 * builds satisfies); answered with a 400 that says why.
 */
export class AnswerTooLargeError extends RangeError {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'AnswerTooLargeError';
  }
}

// `createSchemaExample`, whose refusal of a schema too large, too slow or unsatisfiable is told in Groq's style,
// naming the field and what in it (`the schema is`, `the parameters of function "f" are`).
function schemaExample(schema: unknown, text: string, field: string, subject: string): unknown {
  try {
    return createSchemaExample(schema, text);
  } catch (error) {
    if (error instanceof SchemaExampleTooLargeError) throw new AnswerTooLargeError(`${field} : ${subject} too large to answer: ${error.message}`, { cause: error });
    if (error instanceof SchemaPatternTooSlowError) throw new AnswerTooLargeError(`${field} : ${error.message}`, { cause: error });
    if (error instanceof SchemaUnsatisfiableError) throw new AnswerTooLargeError(`${field} : ${subject} not satisfiable: ${error.message}`, { cause: error });
    throw error;
  }
}

// The text that fills string values: the start of the prompt (whole code points), or `fallback` when empty.
function promptSubject(prompt: string, fallback: string): string {
  return Array.from(prompt.trim()).slice(0, 40).join('') || fallback;
}

// Code points, not UTF-16 units: a piece must never end inside a surrogate pair.
function splitCodePoints(text: string, length: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += length) pieces.push(codePoints.slice(start, start + length).join(''));
  return pieces;
}

// `generateAnswerTokens`, from the cache when it can be. A copy: plans are cut in place.
function answerTokens(prompt: string, count: number | undefined): string[] {
  if (prompt.length > MAX_CACHED_PROMPT_LENGTH || (count ?? 0) > MAX_CACHED_TOKENS) return generateAnswerTokens(prompt, count);
  const key = `${count ?? 'natural'}:${prompt}`;
  let tokens = cachedAnswers.get(key);
  if (tokens === undefined) {
    tokens = generateAnswerTokens(prompt, count);
    if (cachedAnswers.size >= CACHED_ANSWERS) cachedAnswers.delete(cachedAnswers.keys().next().value!);
  } else {
    cachedAnswers.delete(key);
  }
  cachedAnswers.set(key, tokens);
  return tokens.slice();
}
