import Groq from 'groq-sdk';
type P = Groq.Chat.ChatCompletionMessageParam;
export const msgs: P[] = [
  { role: 'system', content: [{ type: 'text', text: 'sys' }], name: 'n' },
  { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } }] },
  { role: 'assistant', content: [{ type: 'text', text: 'a' }], name: 'bot' },
  { role: 'assistant', function_call: { name: 'f', arguments: '{}' } },
  { role: 'assistant', tool_calls: [{ id: '1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
  { role: 'assistant', content: 'x', reasoning: 'because' },
  { role: 'tool', tool_call_id: '1', content: [{ type: 'text', text: 'r' }] },
  { role: 'function', name: 'f', content: null },
  { role: 'function', name: 'f', content: 'out' },
  { role: 'user', content: [{ type: 'document', document: { data: { x: 1 } } }] },
];
export function roles(m: P) {
  switch (m.role) {
    case 'system': return m.content;
    case 'developer': return m.content;
    case 'user': return m.name;
    case 'assistant': return m.tool_calls?.[0]?.function.name ?? m.function_call?.name;
    case 'tool': return m.tool_call_id;
    case 'function': return m.name;
  }
}
export function contentText(m: P): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  return '';
}
export const roleVal: Groq.Chat.ChatCompletionRole = 'function';
