import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'groq/compound',
    messages: [{ role: 'user', content: 'news' }],
    search_settings: { include_domains: ['*.gov'], exclude_domains: ['example.com'], country: 'us', include_images: true },
    compound_custom: { tools: { enabled_tools: ['web_search', 'code_interpreter'], wolfram_settings: { authorization: 'k' } }, models: { answering_model: 'a', reasoning_model: null } },
    exclude_domains: ['x.com'],
    include_domains: null,
  });
  const msg = c.choices[0]!.message;
  for (const t of msg.executed_tools ?? []) {
    console.log(t.type, t.arguments, t.index, t.output, t.search_results?.results?.[0]?.url, t.code_results?.[0]?.charts?.[0]?.type, t.browser_results?.[0]?.live_view_url);
  }
  console.log(c.usage_breakdown?.models[0]?.usage.total_tokens, c.usage_breakdown?.models[0]?.model);
  const s = await groq.chat.completions.create({ model: 'groq/compound-mini', messages: [], stream: true });
  for await (const ch of s) {
    for (const t of ch.choices[0]?.delta.executed_tools ?? []) console.log(t.search_results?.images);
    console.log(ch.x_groq?.usage_breakdown?.models.length, ch.x_groq?.error);
  }
}
