import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
  const [a, b] = stream.tee();
  for await (const c of a) console.log(c.id);
  for await (const c of b) console.log(c.id);
  const s2 = await groq.chat.completions.create({ model: 'm', messages: [], stream: true });
  const rs = s2.toReadableStream();
  return new Response(rs);
}
