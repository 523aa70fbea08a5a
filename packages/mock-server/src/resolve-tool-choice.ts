import { isRecord } from './is-record.js';

/** A function tool of the request, as a tool call needs it. */
export interface FunctionTool {
  name: string;
  parameters: unknown;
}

/** What `tools` and `tool_choice` allow the answer to be. */
export interface ToolChoice {
  /** The function a tool call names: the one `tool_choice` names, else the first offered. */
  tool: FunctionTool | undefined;
  /** `tool_choice` names a function, or is `"required"` with one in `tools`: the answer is a tool call, whatever the scenario. */
  forced: boolean;
  /** False with `tool_choice: "none"`: the model may not call a tool. */
  allowed: boolean;
}

/**
 * Reads `tool_choice` against the request's `tools`, or returns the message of the 400 it deserves: a
 * value Groq does not know, or a choice that no model could obey (`"required"` with no tool at all, or the
 * name of a function that `tools` does not offer). `"required"` with built-in tools only is answered with
 * text, as Groq calls those itself. `shape` says how the request writes its tools and `tool_choice`.
 */
export function resolveToolChoice(tools: unknown, toolChoice: unknown, shape: ToolShape = 'chat'): ToolChoice | string {
  const functions = Array.isArray(tools) ? tools.flatMap((tool: unknown) => functionTool(tool, shape) ?? []) : [];
  if (toolChoice === undefined || toolChoice === null || toolChoice === 'auto') return { tool: functions[0], forced: false, allowed: true };
  if (toolChoice === 'none') return { tool: functions[0], forced: false, allowed: false };
  if (toolChoice === 'required') {
    if (functions.length > 0) return { tool: functions[0], forced: true, allowed: true };
    // Built-in tools (`browser_search`, `code_interpreter`) run on Groq's side, which answers with text: Groq's
    // browser search docs, and @ai-sdk/groq's README after them, send "required" with nothing else.
    if (Array.isArray(tools) && tools.length > 0) return { tool: undefined, forced: false, allowed: true };
    return `'tool_choice' : "required" needs at least one tool in 'tools'`;
  }
  // Chat completions name the function in `function.name`, the Responses API in `name`.
  const named = shape === 'chat' ? (isRecord(toolChoice) ? toolChoice.function : undefined) : toolChoice;
  const field = shape === 'chat' ? 'tool_choice.function.name' : 'tool_choice.name';
  if (!isRecord(toolChoice) || toolChoice.type !== 'function' || !isRecord(named)) {
    return `'tool_choice' : value must be one of "none", "auto", "required" or an object naming a function`;
  }
  const name = named.name;
  if (typeof name !== 'string') return `'${field}' : property 'name' is missing`;
  const tool = functions.find((candidate) => candidate.name === name);
  if (tool === undefined) return `'${field}' : there is no function ${JSON.stringify(name)} in 'tools'`;
  return { tool, forced: true, allowed: true };
}

/**
 * How a request writes its function tools: chat completions as `{ type: "function", function: { name,
 * parameters } }`, the Responses API flat, as `{ type: "function", name, parameters }`.
 */
export type ToolShape = 'chat' | 'responses';

/** The function a tool of the request declares, or undefined for a built-in tool. */
export function functionTool(tool: unknown, shape: ToolShape): FunctionTool | undefined {
  const declared = shape === 'chat' ? (isRecord(tool) ? tool.function : undefined) : isRecord(tool) && tool.type === 'function' ? tool : undefined;
  return isRecord(declared) && typeof declared.name === 'string' ? { name: declared.name, parameters: declared.parameters } : undefined;
}
