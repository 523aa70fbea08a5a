import Groq from 'groq-sdk';
const groq = new Groq();
export function main() {
  const p = groq.chat.completions.create({ model: 'm', messages: [] });
  p.then((c) => c.choices).catch((e) => console.error(e.status)).finally(() => {});
  const q: Promise<Groq.Chat.ChatCompletion> = groq.chat.completions.create({ model: 'm', messages: [] });
  return Promise.all([p, q]);
}
