import Groq from 'groq-sdk';
const groq = new Groq();
interface JsonSchema { type: string; properties?: Record<string, JsonSchema>; required?: string[] }
const schema: JsonSchema = { type: 'object', properties: { q: { type: 'string' } } };
const fn = { name: 'search', description: 'x', parameters: { type: 'object', properties: {} } };
const tool = { type: 'function', function: fn };
export const defs: Groq.FunctionDefinition[] = [fn];
export const params: Groq.FunctionParameters = { type: 'object' };
export async function main(dynamicTools: Array<{ type: string; function?: Groq.FunctionDefinition }>) {
  await groq.chat.completions.create({ model: 'm', messages: [], tools: [tool] });
  await groq.chat.completions.create({ model: 'm', messages: [], tools: dynamicTools });
  await groq.chat.completions.create({ model: 'm', messages: [], tools: [{ type: 'function' }] });
  await groq.chat.completions.create({ model: 'm', messages: [], tools: [{ type: 'function', function: { name: 'a', parameters: { ...schema } } }] });
  await groq.chat.completions.create({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { ...schema }, description: 'd', strict: null } } });
  await groq.chat.completions.create({ model: 'm', messages: [], response_format: null, tools: null, tool_choice: null, search_settings: null, documents: null, compound_custom: null, reasoning_effort: 'default', citation_options: null });
}
