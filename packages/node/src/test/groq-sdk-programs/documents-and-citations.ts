import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'summarize' }, { type: 'document', document: { data: { a: 1 }, id: 'd1' } }] }],
    documents: [{ id: 'doc1', source: { type: 'text', text: 'hello' } }, { source: { type: 'json', data: { k: 'v' } } }],
    citation_options: 'enabled',
  });
  for (const a of c.choices[0]?.message.annotations ?? []) {
    if (a.type === 'document_citation') console.log(a.document_citation?.document_id, a.document_citation?.start_index);
    else console.log(a.function_citation?.tool_call_id);
  }
}
