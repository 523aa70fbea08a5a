import Groq from 'groq-sdk';
const groq = new Groq();
export type CreateFn = typeof groq.chat.completions.create;
export async function wrap(params: Parameters<typeof groq.chat.completions.create>[0]) {
  return groq.chat.completions.create(params);
}
export const client: Groq = groq;
export function takeClient(g: Groq) { return g.chat.completions; }
export async function stream(g: Groq): Promise<AsyncIterable<Groq.Chat.ChatCompletionChunk>> {
  return g.chat.completions.create({ model: 'm', messages: [], stream: true });
}
