import Groq from 'groq-sdk';
const groq = new Groq();
export async function main(log: (text: string) => void) {
  // One branch goes to a log, and the variable carries on with the other.
  let stream = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
  const [forLog, rest] = stream.tee();
  stream = rest;
  const all = [stream];
  all.push(forLog);
  for await (const chunk of forLog) log(chunk.choices[0]?.delta.content ?? '');
  for await (const chunk of stream) log(chunk.id);
  return all.length;
}
