import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const response = await groq.chat.completions.create({
    model: 'moonshotai/kimi-k2-instruct',
    messages: [{ role: 'system', content: 'Extract product review information' }, { role: 'user', content: 'I bought...' }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'product_review', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: true },
    },
  });
  const result = JSON.parse(response.choices[0]?.message.content || '{}');
  const r2 = await groq.chat.completions.create({ model: 'x', messages: [], response_format: { type: 'json_object' } });
  return [result, r2.choices.length];
}
