import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Long story' }], stream: true });
  let n = 0;
  for await (const chunk of stream) {
    if (++n > 10) stream.controller.abort();
    console.log(chunk.choices[0]?.delta.content);
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  const s2 = await groq.chat.completions.create({ model: 'm', messages: [], stream: true }, { signal: controller.signal });
  for await (const c of s2) console.log(c.id);
}
