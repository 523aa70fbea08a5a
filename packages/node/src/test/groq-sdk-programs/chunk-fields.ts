import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const s = await groq.chat.completions.create({ model: 'm', messages: [], stream: true });
  for await (const c of s) {
    const d = c.choices[0]?.delta;
    if (d?.role === 'assistant') console.log('start');
    if (d?.function_call?.name) console.log(d.function_call.arguments);
    for (const a of d?.annotations ?? []) console.log(a.type);
    console.log(c.choices[0]?.logprobs?.content?.[0]?.token, c.system_fingerprint, c.object);
    if (c.x_groq?.id) console.log(c.x_groq.id);
  }
}
