import { checkChatMessage } from './check-chat-message.js';
import { checkChatParameters, stopSequences, unsupportedParameter } from './check-chat-parameters.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { mockModels, modelNotFoundError } from './models.js';
import { readSeed } from './read-seed.js';
import { resolveToolChoice, type FunctionTool, type ToolShape } from './resolve-tool-choice.js';
import { groqError, type GroqErrorBody } from './send-json.js';
import { isRecord } from './is-record.js';

/** The parts of a chat-completion request that shape the mock's answer. */
export interface ChatRequest {
  model: string;
  stream: boolean;
  /** `stream_options.include_usage`: a stream ends with one more chunk, with no choices, for the usage. */
  includeUsage: boolean;
  /** Text of the last user message: the answer is derived from it. */
  prompt: string;
  promptTokens: number;
  /** `max_completion_tokens`, or the older `max_tokens`. */
  maxTokens: number | undefined;
  /** `seed`, exactly as sent: a `bigint` past 2^53, where a `number` would no longer be the integer sent. */
  seed: number | bigint | undefined;
  /** `stop`: the answer ends before the first of these (empty strings never match). */
  stop: string[];
  /** The function tool that a tool call names: the one `tool_choice` names, else the first offered. */
  tool: FunctionTool | undefined;
  /** `tool_choice` names a function, or is `"required"` with one in `tools`: the answer is a call of {@link tool}, whatever the scenario. */
  toolCallForced: boolean;
  /** False with `tool_choice: "none"`: the model may not call a tool, so `tool-calls` answers with text. */
  toolCallsAllowed: boolean;
  /**
   * The last message is a tool result (`tool`, or the older `function`): the model has what it asked for, so
   * `tool-calls` answers with text, and an agent loop (openai's `runTools`, the AI SDK's `stopWhen`) ends.
   */
  toolResultsLast: boolean;
  /**
   * `response_format` asked for JSON: `{ type: "json_object" }` (any object will do) or
   * `{ type: "json_schema", json_schema: { schema } }` (an object that satisfies the schema).
   */
  jsonFormat: { schema: unknown } | 'object' | undefined;
  /**
   * How reasoning is sent, from `reasoning_format` or `include_reasoning`: `parsed` (a `reasoning` field, the
   * default), `raw` (in the content, between `<think>` tags) or `hidden` (not sent, still counted).
   */
  reasoningFormat: ReasoningFormat;
  /** The tier that serves the answer: `flex` or `performance` when asked for; `on_demand` for `auto` or none. */
  serviceTier: 'on_demand' | 'flex' | 'performance';
}

/** The values of `reasoning_format`. */
export type ReasoningFormat = 'parsed' | 'raw' | 'hidden';

/** The request to answer, or the error to answer with. */
export type ChatRequestValidation = { ok: true; request: ChatRequest } | { ok: false; status: number; body: GroqErrorBody };

/**
 * Checks a parsed request body the way Groq does, with Groq's style of message (`'field' : problem`),
 * and extracts what the answer depends on. `text` is the body as it came, for the digits of a seed past 2^53.
 */
export function validateChatRequest(body: unknown, knownModelsOnly: boolean, text: string): ChatRequestValidation {
  if (!isRecord(body)) return invalid('Request body must be a JSON object.');
  const { model, messages } = body;
  if (model === undefined) return invalid("'model' : property 'model' is missing");
  if (typeof model !== 'string' || model === '') return invalid("'model' : value must be a non-empty string");
  if (messages === undefined) return invalid("'messages' : property 'messages' is missing");
  if (!Array.isArray(messages)) return invalid("'messages' : value must be an array");
  if (messages.length === 0) return invalid("'messages' : minimum number of items is 1");
  for (const [index, message] of messages.entries()) {
    const problem = checkChatMessage(message, index);
    if (problem) return invalid(problem);
  }
  const parameterProblem = checkChatParameters(body);
  if (parameterProblem) return invalid(parameterProblem);
  const seed = readSeed(body.seed, text);
  if (typeof seed === 'string') return invalid(seed);
  const unsupported = unsupportedParameter(body);
  if (unsupported !== undefined) {
    const message = `\`${unsupported}\` is not supported with this model: leave '${unsupported}' out${unsupported === 'logprobs' ? ' (or send false)' : ''}.`;
    return { ok: false, status: 400, body: groqError(message, 'invalid_request_error', undefined, unsupported) };
  }
  const format = responseFormat(body.response_format);
  if (typeof format === 'string') return invalid(format);
  const tierProblem = checkServiceTier(body.service_tier);
  if (tierProblem) return invalid(tierProblem);
  const toolsProblem = checkTools(body.tools);
  if (toolsProblem) return invalid(toolsProblem);
  const toolChoice = resolveToolChoice(body.tools, body.tool_choice);
  if (typeof toolChoice === 'string') return invalid(toolChoice);
  const reasoning = reasoningFormatOf(body, format.json !== undefined || toolChoice.tool !== undefined);
  if (typeof reasoning === 'string') return invalid(reasoning);
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const field = body.max_completion_tokens === undefined || body.max_completion_tokens === null ? 'max_tokens' : 'max_completion_tokens';
  const modelProblem = checkModelLimit(model, knownModelsOnly, maxTokens, field);
  if (modelProblem) return modelProblem;
  const texts = (messages as Record<string, unknown>[]).map((message) => ({ role: message.role, text: contentText(message.content) }));
  // Not `findLast`: the base tsconfig targets ES2022.
  const lastUser = [...texts].reverse().find((message) => message.role === 'user');
  return {
    ok: true,
    request: {
      model,
      stream: body.stream === true,
      includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
      prompt: lastUser?.text ?? '',
      promptTokens: estimatePromptTokens(texts.map((message) => message.text)),
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      seed: seed.seed,
      stop: stopSequences(body.stop),
      tool: toolChoice.tool,
      toolCallForced: toolChoice.forced,
      toolCallsAllowed: toolChoice.allowed,
      toolResultsLast: texts.at(-1)?.role === 'tool' || texts.at(-1)?.role === 'function',
      jsonFormat: format.json,
      reasoningFormat: reasoning.format,
      serviceTier: requestedServiceTier(body),
    },
  };
}

/** A 400 `invalid_request_error` with `message`. */
export function invalid(message: string): { ok: false; status: number; body: GroqErrorBody } {
  return { ok: false, status: 400, body: groqError(message, 'invalid_request_error') };
}

/**
 * The refusal a model and its output limit (`field`) deserve, or undefined: 404 `model_not_found` for a model
 * the mock does not list when `knownModelsOnly` is on, and, as Groq does, a 400 for a limit above the model's
 * own rather than lowering it (a model the mock does not list has none).
 */
export function checkModelLimit(model: string, knownModelsOnly: boolean, maxTokens: unknown, field: string): { ok: false; status: number; body: GroqErrorBody } | undefined {
  const known = mockModels.find((candidate) => candidate.id === model);
  if (knownModelsOnly && known === undefined) return { ok: false, status: 404, body: modelNotFoundError(model) };
  if (known !== undefined && typeof maxTokens === 'number' && maxTokens > known.max_completion_tokens) {
    return invalid(
      `\`${field}\` must be less than or equal to \`${known.max_completion_tokens}\`, the maximum value for \`${field}\` is less than the \`context_window\` for this model`,
    );
  }
  return undefined;
}

/**
 * The tier a request body asks to be served on: `flex` or `performance` as named; `on_demand` for `auto`, none, and a
 * body that names no tier (not an object, a `service_tier` that {@link checkServiceTier} refuses). Read from a body refused
 * for another field too, whose answer reports the rate limits of the tier it asked for.
 */
export function requestedServiceTier(body: unknown): ChatRequest['serviceTier'] {
  const tier = isRecord(body) ? body.service_tier : undefined;
  return tier === 'flex' || tier === 'performance' ? tier : 'on_demand';
}

/** The message of the 400 a `service_tier` deserves, or undefined. */
export function checkServiceTier(tier: unknown): string | undefined {
  if (tier === undefined || tier === null || (typeof tier === 'string' && SERVICE_TIERS.has(tier))) return undefined;
  return `'service_tier' : value must be one of "auto", "on_demand", "flex", "performance"`;
}

const RESPONSE_FORMATS = new Set(['text', 'json_object', 'json_schema']);

/** What `response_format` asks for, or the message of the 400 it deserves. */
function responseFormat(value: unknown): { json: ChatRequest['jsonFormat'] } | string {
  if (value === undefined || value === null) return { json: undefined };
  if (!isRecord(value)) return "'response_format' : value must be an object";
  if (typeof value.type !== 'string' || !RESPONSE_FORMATS.has(value.type)) {
    return `'response_format.type' : value must be one of "text", "json_object", "json_schema"`;
  }
  if (value.type === 'text') return { json: undefined };
  if (value.type === 'json_object') return { json: 'object' };
  if (!isRecord(value.json_schema)) return "'response_format.json_schema' : property 'json_schema' is missing";
  if (typeof value.json_schema.name !== 'string' || value.json_schema.name === '') {
    return "'response_format.json_schema.name' : property 'name' is missing";
  }
  const { schema, strict } = value.json_schema;
  // A JSON Schema (an object, or a boolean schema such as `false`, refused later as unsatisfiable): a string
  // (a schema JSON.stringify'd twice) would otherwise be answered as json_object.
  if (!isJsonSchema(schema)) return "'response_format.json_schema.schema' : value must be an object";
  if (strict !== undefined && strict !== null && typeof strict !== 'boolean') return "'response_format.json_schema.strict' : value must be a boolean";
  return { json: { schema } };
}

const REASONING_FORMATS = new Set<string>(['parsed', 'raw', 'hidden']);
const SERVICE_TIERS = new Set(['auto', 'on_demand', 'flex', 'performance']);

/**
 * The message of the 400 a `tools` list deserves, or undefined: a list of objects with a `type`, and a
 * function tool names its function (in `function.name`, or `name` for the Responses API). Built-in tools
 * (`browser_search`, `code_interpreter`, …) pass as they are.
 */
export function checkTools(tools: unknown, shape: ToolShape = 'chat'): string | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) return "'tools' : value must be an array";
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool)) return `'tools.${index}' : value must be an object`;
    if (typeof tool.type !== 'string') return `'tools.${index}' : property 'type' is missing`;
    if (tool.type !== 'function') continue;
    // The Responses API declares a function flat: `{ type: "function", name, parameters }`.
    const declared = shape === 'chat' ? tool.function : tool;
    const path = shape === 'chat' ? `tools.${index}.function` : `tools.${index}`;
    if (!isRecord(declared)) return `'${path}' : property 'function' is missing`;
    if (typeof declared.name !== 'string' || declared.name === '') {
      // A chat-style `{ type: "function", function: { name } }` sent to the Responses API.
      if (shape === 'responses' && isRecord(tool.function)) {
        return `'${path}.name' : property 'name' is missing: the Responses API declares a function flat, { "type": "function", "name", "parameters" }, not under 'function' as chat does`;
      }
      return `'${path}.name' : property 'name' is missing`;
    }
    const { parameters } = declared;
    if (!isJsonSchema(parameters)) return `'${path}.parameters' : value must be an object`;
  }
  return undefined;
}

/**
 * How reasoning is sent, or the message of the 400 it deserves: as Groq documents, `include_reasoning` and
 * `reasoning_format` exclude each other, and JSON mode and tool use do not support `raw`.
 */
function reasoningFormatOf(body: Record<string, unknown>, jsonOrTools: boolean): { format: ReasoningFormat } | string {
  const format = body.reasoning_format;
  const include = body.include_reasoning;
  const formatGiven = format !== undefined && format !== null;
  const includeGiven = include !== undefined && include !== null;
  if (includeGiven && typeof include !== 'boolean') return "'include_reasoning' : value must be a boolean";
  if (!formatGiven) return { format: include === false ? 'hidden' : 'parsed' };
  if (typeof format !== 'string' || !REASONING_FORMATS.has(format)) return `'reasoning_format' : value must be one of "parsed", "raw", "hidden"`;
  if (includeGiven) return '`include_reasoning` and `reasoning_format` cannot be used together: set only one of them';
  if (format === 'raw' && jsonOrTools) return '`reasoning_format` "raw" is not supported with JSON mode or tool use: use "parsed" or "hidden"';
  return { format: format as ReasoningFormat };
}

// Absent, null, or a JSON Schema: an object, or `true` / `false`, which JSON Schema allows as a whole schema.
function isJsonSchema(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'boolean' || isRecord(value);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
