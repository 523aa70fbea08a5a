import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const stream = await groq.chat.completions.create({
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Explain the importance of fast language models' },
    ],
    model: 'llama-3.1-8b-instant',
    temperature: 0.5,
    max_completion_tokens: 1024,
    top_p: 1,
    stop: null,
    stream: true,
  });
  for await (const chunk of stream) {
    process.stdout.write(chunk.choices[0]?.delta?.content || '');
    if (chunk.x_groq?.usage) console.log(chunk.x_groq.usage.completion_tokens);
    if (chunk.choices[0]?.finish_reason === 'stop') break;
  }
}
