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
  /** `tool_choice` is `"required"` or names a function: the answer is a tool call, whatever the scenario. */
  forced: boolean;
  /** False with `tool_choice: "none"`: the model may not call a tool. */
  allowed: boolean;
}

/**
 * Reads `tool_choice` against the request's `tools`, or returns the message of the 400 it deserves: a
 * value Groq does not know, or a choice that forces a call of a function that `tools` does not offer
 * (`"required"` with no function at all, or a name that is not there), which no model could obey.
 */
export function resolveToolChoice(tools: unknown, toolChoice: unknown): ToolChoice | string {
  const functions = Array.isArray(tools)
    ? tools.flatMap((tool: unknown) =>
        isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === 'string'
          ? [{ name: tool.function.name, parameters: tool.function.parameters }]
          : [],
      )
    : [];
  if (toolChoice === undefined || toolChoice === null || toolChoice === 'auto') return { tool: functions[0], forced: false, allowed: true };
  if (toolChoice === 'none') return { tool: functions[0], forced: false, allowed: false };
  if (toolChoice === 'required') {
    if (functions.length === 0) return `'tool_choice' : "required" needs at least one function in 'tools'`;
    return { tool: functions[0], forced: true, allowed: true };
  }
  if (!isRecord(toolChoice) || toolChoice.type !== 'function' || !isRecord(toolChoice.function)) {
    return `'tool_choice' : value must be one of "none", "auto", "required" or an object naming a function`;
  }
  const name = toolChoice.function.name;
  if (typeof name !== 'string') return "'tool_choice.function.name' : property 'name' is missing";
  const tool = functions.find((candidate) => candidate.name === name);
  if (tool === undefined) return `'tool_choice.function.name' : there is no function ${JSON.stringify(name)} in 'tools'`;
  return { tool, forced: true, allowed: true };
}
