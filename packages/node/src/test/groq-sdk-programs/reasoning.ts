import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'openai/gpt-oss-120b',
    messages: [{ role: 'user', content: 'How many r in strawberry?' }],
    reasoning_format: 'parsed',
    reasoning_effort: 'high',
    include_reasoning: true,
  });
  console.log(c.choices[0]?.message.reasoning);
  const s = await groq.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'q' }], stream: true, reasoning_format: 'raw', reasoning_effort: 'none' });
  for await (const ch of s) process.stdout.write(ch.choices[0]?.delta.reasoning ?? '');
}
