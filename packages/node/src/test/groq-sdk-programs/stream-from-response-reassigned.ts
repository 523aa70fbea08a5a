import Groq from 'groq-sdk';
import { Stream } from 'groq-sdk/core/streaming';
const groq = new Groq();
export async function main(fallback: () => Promise<Response>, log: (text: string) => void) {
  // The created stream, or one read from another server's answer, in the same variable and list.
  let stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
  const all = [stream];
  const controller = new AbortController();
  stream = Stream.fromSSEResponse<Groq.Chat.ChatCompletionChunk>(await fallback(), controller);
  all.push(Stream.fromSSEResponse(await fallback(), controller, groq));
  for await (const chunk of stream) log(chunk.choices[0]?.delta.content ?? '');
  return all.length;
}
