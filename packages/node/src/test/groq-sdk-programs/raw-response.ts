import Groq from 'groq-sdk';
const client = new Groq();
export async function main() {
  const response = await client.chat.completions.create({ messages: [{ role: 'user', content: 'x' }], model: 'm' }).asResponse();
  console.log(response.headers.get('X-My-Header'));
  console.log(response.statusText);
  const { data: chatCompletion, response: raw } = await client.chat.completions
    .create({ messages: [{ role: 'user', content: 'x' }], model: 'm' })
    .withResponse();
  console.log(raw.headers.get('X-My-Header'));
  console.log(chatCompletion.choices);
  const { data: stream } = await client.chat.completions.create({ messages: [], model: 'm', stream: true }).withResponse();
  for await (const c of stream) console.log(c.choices[0]?.delta.content);
}
