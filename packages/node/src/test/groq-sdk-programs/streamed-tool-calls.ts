import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const messages: Array<Groq.Chat.Completions.ChatCompletionMessageParam> = [{ role: 'user', content: 'hi' }];
  const stream = await groq.chat.completions.create({
    model: 'openai/gpt-oss-20b', messages, stream: true,
    tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
  });
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    for (const tc of delta?.tool_calls ?? []) {
      const slot = (calls[tc.index] ??= { id: '', name: '', arguments: '' });
      if (tc.id) slot.id = tc.id;
      if (tc.function?.name) slot.name += tc.function.name;
      if (tc.function?.arguments) slot.arguments += tc.function.arguments;
    }
  }
  messages.push({
    role: 'assistant',
    content: null,
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
  });
}
