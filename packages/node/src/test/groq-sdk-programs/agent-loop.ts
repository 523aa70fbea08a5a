import Groq from 'groq-sdk';
const groq = new Groq();
const availableFunctions: Record<string, (args: any) => unknown> = { f: () => 1 };
export async function loop(messages: Groq.Chat.ChatCompletionMessageParam[]) {
  for (let i = 0; i < 5; i++) {
    const completion = await groq.chat.completions.create({ model: 'm', messages, tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} }, strict: true } }] });
    const message = completion.choices[0]?.message;
    if (!message) break;
    messages.push(message);
    if (completion.choices[0]?.finish_reason !== 'tool_calls' || !message.tool_calls) return message.content;
    for (const call of message.tool_calls) {
      const fn = availableFunctions[call.function.name];
      const result = fn?.(JSON.parse(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
  }
  return null;
}
