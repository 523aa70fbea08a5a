import { isTextOrNothing } from './is-text-or-nothing.js';

/** A field (of a choice, a chunk, a whole answer or a model) whose value has the wrong type: where it sits, what belongs there, what came. */
export interface ChoiceFieldProblem {
  /**
   * Where it sits: below the choice for a choice's field, a streamed one's (`.delta.reasoning`,
   * `.delta.tool_calls[1].function.name`) or a whole answer's (`.message.content`,
   * `.message.tool_calls[0].function.arguments`); from the top for a chunk's, a whole answer's or a model's
   * own (`usage.total_tokens`, `mcp_list_tools[0]`, `data[2].created`).
   */
  field: string;
  /** What belongs there, as `invalidChunkField` words it: `text`, `an object`, `a list of objects`, `a whole number from 0`. */
  expected: string;
  value: unknown;
}

/**
 * The first field of a streamed choice whose value a loop over the chunks would read as another type than
 * `ChatCompletionChunkChoice` gives it, or `undefined` when there is none: `delta` an object (or absent, but
 * not beside a whole `message`); its `content`, `reasoning` and `role`, and `finish_reason`, text; `index` a
 * whole number from 0; `tool_calls` a list of objects whose `index`, `id`, `type` and `function.name`/
 * `.arguments` are too; `function_call`'s text; `executed_tools` a list of objects with such an `index`,
 * `annotations` a list of objects; `logprobs` an
 * object whose `content` is a list of objects. Each may be `null` or absent (Groq sends `null` for
 * `finish_reason` and `logprobs`, and leaves most out of most chunks), as `finalChatCompletion()` takes them;
 * other fields, and those inside an executed tool, an annotation or a token's logprob, are not looked at and
 * pass on as they came.
 *
 * `role` is typed as a list of roles, but only checked to be text: `finalChatCompletion()` makes every message
 * the assistant's whatever it says, and a role Groq or another server adds later must not fail every stream.
 *
 * It runs for every choice of every chunk: a few `typeof`s, and nothing allocated unless a field is wrong.
 */
export function choiceFieldProblem(choice: object): ChoiceFieldProblem | undefined {
  const problem = choiceProblem(choice);
  if (problem !== undefined) return problem;
  const { delta } = choice as { delta?: unknown };
  if (delta === undefined || delta === null) return wholeMessageProblem(choice, delta);
  return messageProblem(delta, '.delta', true);
}

/**
 * The same for a choice of a whole (non-streamed) answer, a `ChatCompletionChoice`: its `message` as a
 * streamed choice's `delta` (`message.content` text, `message.tool_calls[0].function.arguments` text, …),
 * except that a tool call there has no `index` (OpenAI's and Groq's have none) and any one it has passes. A
 * `message` that is no object is `readJSONResult`'s shape error, before this runs.
 */
export function wholeChoiceFieldProblem(choice: object): ChoiceFieldProblem | undefined {
  const problem = choiceProblem(choice);
  if (problem !== undefined) return problem;
  const { message } = choice as { message?: unknown };
  return message === undefined || message === null ? undefined : messageProblem(message, '.message', false);
}

/** A choice's own fields, streamed or whole: `index`, `finish_reason`, `logprobs`. */
function choiceProblem(choice: object): ChoiceFieldProblem | undefined {
  const { index, finish_reason: finishReason, logprobs } = choice as { index?: unknown; finish_reason?: unknown; logprobs?: unknown };
  if (!isIndexOrNothing(index)) return { field: '.index', expected: 'a whole number from 0', value: index };
  if (!isTextOrNothing(finishReason)) return { field: '.finish_reason', expected: 'text', value: finishReason };
  // Groq sends `logprobs: null` on every chunk; an object only when they were asked for.
  if (logprobs !== undefined && logprobs !== null) return logprobsProblem(logprobs);
  return undefined;
}

/**
 * A choice's `delta` or `message` (`at`), not `null` or absent; `streamed`: its tool calls are pieces,
 * placed by their `index`, which is then checked.
 */
function messageProblem(message: unknown, at: '.delta' | '.message', streamed: boolean): ChoiceFieldProblem | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { field: at, expected: 'an object', value: message };
  const {
    content,
    reasoning,
    role,
    tool_calls: toolCalls,
    function_call: functionCall,
    executed_tools: executedTools,
    annotations,
  } = message as Record<string, unknown>;
  if (!isTextOrNothing(content)) return { field: `${at}.content`, expected: 'text', value: content };
  if (!isTextOrNothing(reasoning)) return { field: `${at}.reasoning`, expected: 'text', value: reasoning };
  if (!isTextOrNothing(role)) return { field: `${at}.role`, expected: 'text', value: role };
  // Only on the chunks that carry a call, a tool Groq ran or a citation: most chunks have none of them.
  if (toolCalls !== undefined && toolCalls !== null) {
    const problem = toolCallsProblem(toolCalls, at, streamed);
    if (problem !== undefined) return problem;
  }
  if (functionCall !== undefined && functionCall !== null) {
    const problem = functionProblem(functionCall, `${at}.function_call`);
    if (problem !== undefined) return problem;
  }
  if (executedTools !== undefined && executedTools !== null) {
    const problem = listOfObjectsProblem(executedTools, `${at}.executed_tools`, true);
    if (problem !== undefined) return problem;
  }
  if (annotations !== undefined && annotations !== null) return listOfObjectsProblem(annotations, `${at}.annotations`, false);
  return undefined;
}

/**
 * A choice without a `delta` passes (a server may end a choice with `finish_reason` alone), unless it holds a
 * whole `message`: a non-streamed answer's shape sent as an event, whose text a loop over `delta` would drop
 * without a word.
 */
function wholeMessageProblem(choice: object, delta: undefined | null): ChoiceFieldProblem | undefined {
  const { message } = choice as { message?: unknown };
  if (message === undefined || message === null) return undefined;
  return { field: '.delta', expected: 'an object (the choice has a whole message instead, as a chat.completion sent with stream: false has)', value: delta };
}

function toolCallsProblem(toolCalls: unknown, at: string, indexed: boolean): ChoiceFieldProblem | undefined {
  if (!Array.isArray(toolCalls)) return { field: `${at}.tool_calls`, expected: 'a list', value: toolCalls };
  for (let position = 0; position < toolCalls.length; position++) {
    const problem = toolCallProblem(toolCalls[position], indexed);
    // The path is written only for a piece that is wrong: this runs for every piece of every call.
    if (problem !== undefined) return { ...problem, field: `${at}.tool_calls[${position}]${problem.field}` };
  }
  return undefined;
}

/** One piece of a tool call (`indexed`: streamed), or a whole one; its `field` below the piece (`''` for the piece itself). */
function toolCallProblem(call: unknown, indexed: boolean): ChoiceFieldProblem | undefined {
  if (typeof call !== 'object' || call === null || Array.isArray(call)) return { field: '', expected: 'an object', value: call };
  const { index, id, type, function: fields } = call as Record<string, unknown>;
  // `null` or none: `finalChatCompletion()` places such a piece by its id, or after the last call.
  if (indexed && !isIndexOrNothing(index)) return { field: '.index', expected: 'a whole number from 0', value: index };
  if (!isTextOrNothing(id)) return { field: '.id', expected: 'text', value: id };
  if (!isTextOrNothing(type)) return { field: '.type', expected: 'text', value: type };
  if (fields !== undefined && fields !== null) return functionProblem(fields, '.function');
  return undefined;
}

/** A `{ name, arguments }` of a tool call or a legacy function call, at `at` (below the piece, for a tool call). */
function functionProblem(fields: unknown, at: string): ChoiceFieldProblem | undefined {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return { field: at, expected: 'an object', value: fields };
  const { name, arguments: args } = fields as Record<string, unknown>;
  if (!isTextOrNothing(name)) return { field: `${at}.name`, expected: 'text', value: name };
  if (!isTextOrNothing(args)) return { field: `${at}.arguments`, expected: 'text', value: args };
  return undefined;
}

/**
 * A list at `at` whose items must be objects, as `finalChatCompletion()` reads `executed_tools` and
 * `annotations`; with `indexed`, each item's `index` a whole number from 0 or none, as it places executed tools by it.
 * Also a whole answer's `mcp_list_tools` (`chatCompletionShape`), at its top level.
 */
export function listOfObjectsProblem(list: unknown, at: string, indexed: boolean): ChoiceFieldProblem | undefined {
  if (!Array.isArray(list)) return { field: at, expected: 'a list', value: list };
  for (let position = 0; position < list.length; position++) {
    const item: unknown = list[position];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { field: `${at}[${position}]`, expected: 'an object', value: item };
    if (!indexed) continue;
    const { index } = item as { index?: unknown };
    if (!isIndexOrNothing(index)) return { field: `${at}[${position}].index`, expected: 'a whole number from 0', value: index };
  }
  return undefined;
}

/** A choice's `logprobs`: an object whose `content`, the one list it types, is a list of objects or `null`. */
function logprobsProblem(logprobs: unknown): ChoiceFieldProblem | undefined {
  if (typeof logprobs !== 'object' || logprobs === null || Array.isArray(logprobs)) return { field: '.logprobs', expected: 'an object', value: logprobs };
  const { content } = logprobs as { content?: unknown };
  if (content === undefined || content === null) return undefined;
  return listOfObjectsProblem(content, '.logprobs.content', false);
}

/** As `indexOf` of chunk-choices.ts takes it: a server's made-up position (`-1`, `1.5`, `"0"`) is no index. */
function isIndexOrNothing(value: unknown): boolean {
  return (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || value === undefined || value === null;
}
