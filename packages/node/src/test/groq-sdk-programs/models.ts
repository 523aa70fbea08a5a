import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const models = await groq.models.list();
  for (const m of models.data) console.log(m.id, m.owned_by, m.created);
  const model = await groq.models.retrieve('llama-3.3-70b-versatile');
  console.log(model.id, model.object);
  const obj: string = models.object;
  return obj;
}
