import Groq from 'groq-sdk';
const groq = new Groq({ apiKey: process.env['GROQ_API_KEY'] });
export async function main() {
  const chatCompletion = await groq.chat.completions.create({
    messages: [{ role: 'user', content: 'Explain the importance of low latency LLMs' }],
    model: 'llama-3.3-70b-versatile',
  });
  console.log(chatCompletion.choices[0]?.message?.content || '');
  console.log(chatCompletion.usage?.total_tokens, chatCompletion.usage?.queue_time, chatCompletion.x_groq?.id);
  const id: string = chatCompletion.id;
  const created: number = chatCompletion.created;
  return [id, created];
}
