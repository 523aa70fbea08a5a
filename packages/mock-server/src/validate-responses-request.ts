import { checkBoolean, checkInteger, checkNumber, checkString } from './check-chat-parameters.js';
import type { RequestValidation } from './handle-answer-request.js';
import { checkResponsesInputItem, inputItemText } from './check-responses-input-item.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { isRecord } from './is-record.js';
import { resolveToolChoice } from './resolve-tool-choice.js';
import { checkModelLimit, checkServiceTier, checkTools, invalid, requestedServiceTier, type ChatRequest } from './validate-chat-request.js';

/** A request to `POST /openai/v1/responses`: what shapes the answer (as for chat), and what the response repeats. */
export interface ResponsesRequest extends ChatRequest {
  /** `instructions`: a system message before `input`. */
  instructions: string | null;
  /** Request parameters that the response object repeats, with the API's defaults for those not sent. */
  echo: ResponsesEcho;
}

/** The parameters a `Response` repeats from its request. */
export interface ResponsesEcho {
  max_output_tokens: number | null;
  metadata: Record<string, unknown>;
  parallel_tool_calls: boolean;
  reasoning: unknown;
  temperature: number;
  text: { format: unknown };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number;
  user: string | null;
}

/**
 * Parameters that need responses stored on the server, which Groq's Responses API does not do (its documentation:
 * no stateful conversations yet; the whole conversation goes in `input`).
 */
const STATEFUL_PARAMETERS = ['previous_response_id', 'conversation'] as const;

/**
 * Chat-completions parameters that the Responses API names otherwise: a client that sends them means something
 * the answer would silently ignore (JSON mode, a token limit), so they are refused with the name to use. Null
 * asks for nothing, and passes, as null does for the other optional parameters.
 */
const CHAT_PARAMETERS: Record<string, string> = {
  response_format: "'text.format'",
  max_tokens: "'max_output_tokens'",
  max_completion_tokens: "'max_output_tokens'",
};

/**
 * Checks a parsed `POST /openai/v1/responses` body with Groq's style of message (`'field' : problem`), and
 * extracts what the answer depends on, in the terms of a chat request: the prompt is the text of the last user
 * message of `input` (or `input` itself, as a string), `max_output_tokens` is the limit, `text.format` asks for
 * JSON. Reasoning is never sent as an output item: the `reasoning` scenario counts it in
 * `usage.output_tokens_details.reasoning_tokens` only.
 */
export function validateResponsesRequest(body: unknown, knownModelsOnly: boolean): RequestValidation<ResponsesRequest> {
  if (!isRecord(body)) return invalid('Request body must be a JSON object.');
  const { model, input } = body;
  if (model === undefined) return invalid("'model' : property 'model' is missing");
  if (typeof model !== 'string' || model === '') return invalid("'model' : value must be a non-empty string");
  if (input === undefined && body.messages !== undefined) {
    return invalid("'input' : property 'input' is missing: 'messages' is a chat-completions parameter; in the Responses API send the conversation as 'input'.");
  }
  if (input === undefined) return invalid("'input' : property 'input' is missing");
  if (typeof input !== 'string' && !Array.isArray(input)) return invalid("'input' : value must be a string or an array of input items");
  if (Array.isArray(input) && input.length === 0) return invalid("'input' : minimum number of items is 1");
  const items: unknown[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input;
  for (const [index, item] of items.entries()) {
    const problem = checkResponsesInputItem(item, index);
    if (problem) return invalid(problem);
  }
  for (const [name, replacement] of Object.entries(CHAT_PARAMETERS)) {
    if (body[name] !== undefined && body[name] !== null) {
      return invalid(`'${name}' : not a parameter of the Responses API (it is chat completions'); send ${replacement} instead.`);
    }
  }
  for (const name of STATEFUL_PARAMETERS) {
    if (body[name] !== undefined && body[name] !== null) {
      return invalid(`'${name}' : not supported: Groq's Responses API keeps no conversation state; send the whole conversation in 'input' instead.`);
    }
  }
  if (body.store !== undefined && body.store !== null && body.store !== false) {
    return invalid("'store' : only false is supported: Groq's Responses API does not store responses; leave 'store' out or send false.");
  }
  const parameterProblem =
    checkBoolean(body.stream, 'stream') ??
    checkString(body.instructions, 'instructions') ??
    checkInteger(body.max_output_tokens, 'max_output_tokens', 1, Number.MAX_SAFE_INTEGER) ??
    checkNumber(body.temperature, 'temperature', 0, 2) ??
    checkNumber(body.top_p, 'top_p', 0, 1) ??
    checkBoolean(body.parallel_tool_calls, 'parallel_tool_calls') ??
    checkString(body.user, 'user') ??
    checkMetadata(body.metadata) ??
    checkReasoning(body.reasoning) ??
    checkServiceTier(body.service_tier) ??
    checkTools(body.tools, 'responses');
  if (parameterProblem) return invalid(parameterProblem);
  const format = textFormat(body.text);
  if (typeof format === 'string') return invalid(format);
  const toolChoice = resolveToolChoice(body.tools, body.tool_choice, 'responses');
  if (typeof toolChoice === 'string') return invalid(toolChoice);
  const maxTokens = body.max_output_tokens;
  const modelProblem = checkModelLimit(model, knownModelsOnly, maxTokens, 'max_output_tokens');
  if (modelProblem) return modelProblem;

  const instructions = typeof body.instructions === 'string' ? body.instructions : null;
  const texts = items.map((item) => inputItemText(item as Record<string, unknown>));
  const lastUser = [...texts].reverse().find((text) => text.role === 'user');
  return {
    ok: true,
    request: {
      model,
      stream: body.stream === true,
      includeUsage: false,
      prompt: lastUser?.text ?? '',
      promptTokens: estimatePromptTokens([...(instructions === null ? [] : [instructions]), ...texts.map((text) => text.text)]),
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      seed: undefined,
      stop: [],
      tool: toolChoice.tool,
      toolCallForced: toolChoice.forced,
      toolCallsAllowed: toolChoice.allowed,
      toolResultsLast: texts.at(-1)?.role === 'tool',
      jsonFormat: format.json,
      // The Responses API has no `reasoning` field in its messages: reasoning is only counted.
      reasoningFormat: 'hidden',
      serviceTier: requestedServiceTier(body),
      instructions,
      echo: {
        max_output_tokens: typeof maxTokens === 'number' ? maxTokens : null,
        metadata: isRecord(body.metadata) ? body.metadata : {},
        parallel_tool_calls: body.parallel_tool_calls !== false,
        reasoning: body.reasoning ?? null,
        temperature: typeof body.temperature === 'number' ? body.temperature : 1,
        text: { format: format.echo },
        tool_choice: body.tool_choice ?? 'auto',
        tools: Array.isArray(body.tools) ? body.tools : [],
        top_p: typeof body.top_p === 'number' ? body.top_p : 1,
        user: typeof body.user === 'string' ? body.user : null,
      },
    },
  };
}

function checkReasoning(reasoning: unknown): string | undefined {
  if (reasoning === undefined || reasoning === null || isRecord(reasoning)) return undefined;
  return `'reasoning' : value must be an object, such as { "effort": "low" }`;
}

function checkMetadata(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null || isRecord(metadata)) return undefined;
  return "'metadata' : value must be an object";
}

const TEXT_FORMATS = new Set(['text', 'json_object', 'json_schema']);

/** What `text.format` asks for (and the format the response repeats), or the message of the 400 it deserves. */
function textFormat(text: unknown): { json: ChatRequest['jsonFormat']; echo: unknown } | string {
  const plain = { json: undefined, echo: { type: 'text' } };
  if (text === undefined || text === null) return plain;
  if (!isRecord(text)) return "'text' : value must be an object";
  const format = text.format;
  if (format === undefined || format === null) return plain;
  if (!isRecord(format)) return "'text.format' : value must be an object";
  if (typeof format.type !== 'string' || !TEXT_FORMATS.has(format.type)) return `'text.format.type' : value must be one of "text", "json_object", "json_schema"`;
  if (format.type === 'text') return plain;
  if (format.type === 'json_object') return { json: 'object', echo: format };
  if (typeof format.name !== 'string' || format.name === '') {
    // Chat's `response_format` nests them under `json_schema`; the Responses API puts them in `text.format`.
    if (isRecord(format.json_schema)) return "'text.format.name' : property 'name' is missing: in the Responses API, 'name' and 'schema' go in 'text.format' itself, not under 'json_schema' as in chat";
    return "'text.format.name' : property 'name' is missing";
  }
  if (!isRecord(format.schema)) return "'text.format.schema' : property 'schema' is missing";
  return { json: { schema: format.schema }, echo: format };
}
