import Groq from 'groq-sdk';
import type { ChatCompletionCreateParams, ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'groq-sdk/resources/chat/completions';
const groq = new Groq();
export async function run(stream: boolean) {
  const result = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream });
  if ('choices' in result) {
    return result.choices[0]?.message.content;
  }
  let out = '';
  for await (const chunk of result) out += chunk.choices[0]?.delta.content ?? '';
  return out;
}
export async function params(p: ChatCompletionCreateParams) {
  const r = await groq.chat.completions.create(p);
  return r;
}
export async function nonStreaming(p: ChatCompletionCreateParamsNonStreaming) {
  const r = await groq.chat.completions.create(p);
  return r.choices[0]?.message;
}
export async function streaming(p: ChatCompletionCreateParamsStreaming) {
  const r = await groq.chat.completions.create(p);
  for await (const c of r) console.log(c);
}
