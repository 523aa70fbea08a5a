import Groq from 'groq-sdk';
import { Stream } from 'groq-sdk/core/streaming';
const groq = new Groq();
export async function main(res: Response) {
  const controller = new AbortController();
  const s = Stream.fromSSEResponse<Groq.Chat.ChatCompletionChunk>(res, controller, groq);
  const s2 = Stream.fromReadableStream<Groq.Chat.ChatCompletionChunk>(res.body!, controller, groq);
  const s3 = new Stream<number>(async function* () { yield 1; } as () => AsyncIterator<number>, controller);
  return [s, s2, s3];
}
