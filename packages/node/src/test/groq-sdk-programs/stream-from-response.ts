import Groq from 'groq-sdk';
import { Stream } from 'groq-sdk/core/streaming';
export async function main(res: Response) {
  const s = Stream.fromSSEResponse<Groq.Chat.ChatCompletionChunk>(res, new AbortController());
  for await (const c of s) console.log(c.choices[0]?.delta.content);
  const s2 = Stream.fromReadableStream<Groq.Chat.ChatCompletionChunk>(res.body!, new AbortController());
  for await (const c of s2) console.log(c.id);
}
