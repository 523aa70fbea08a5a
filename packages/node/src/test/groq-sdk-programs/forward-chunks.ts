import Groq from 'groq-sdk';
const groq = new Groq();
export async function* relay(prompt: string): AsyncGenerator<Groq.Chat.ChatCompletionChunk> {
  const stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }], stream: true });
  yield* stream;
}
export async function sse(prompt: string) {
  const stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }], stream: true });
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      for await (const chunk of stream) controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      controller.close();
    },
    cancel() { stream.controller.abort(); },
  });
}
