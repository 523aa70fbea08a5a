import Groq from 'groq-sdk';
import type { ChatCompletionMessageParam, ChatCompletion, ChatCompletionChunk, ChatCompletionTool, ChatCompletionMessage, ChatCompletionCreateParamsBase, ChatCompletionContentPart, ChatCompletionToolChoiceOption, ChatCompletionMessageToolCall, ChatCompletionAssistantMessageParam, ChatCompletionUserMessageParam, ChatCompletionSystemMessageParam, ChatCompletionToolMessageParam } from 'groq-sdk/resources/chat/completions';
const groq = new Groq();
export function toParam(m: ChatCompletionMessage): ChatCompletionMessageParam { return m; }
export function asAssistant(m: ChatCompletionMessage): ChatCompletionAssistantMessageParam { return m; }
export function text(c: ChatCompletion): string { return c.choices[0]?.message.content ?? ''; }
export function delta(c: ChatCompletionChunk): string { return c.choices[0]?.delta.content ?? ''; }
export const tools: ChatCompletionTool[] = [];
export const choice: ChatCompletionToolChoiceOption = 'auto';
export const parts: ChatCompletionContentPart[] = [{ type: 'text', text: 'a' }];
export const u: ChatCompletionUserMessageParam = { role: 'user', content: parts };
export const s: ChatCompletionSystemMessageParam = { role: 'system', content: 'x' };
export const t: ChatCompletionToolMessageParam = { role: 'tool', content: 'x', tool_call_id: '1' };
export function calls(m: ChatCompletionMessage): ChatCompletionMessageToolCall[] { return m.tool_calls ?? []; }
export async function go(base: Omit<ChatCompletionCreateParamsBase, 'stream'>) {
  const r = await groq.chat.completions.create({ ...base, stream: false });
  return r.choices[0]?.message;
}
