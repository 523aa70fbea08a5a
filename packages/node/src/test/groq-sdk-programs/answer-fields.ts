import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({ model: 'm', messages: [] });
  const ch = c.choices[0]!;
  switch (ch.finish_reason) {
    case 'stop': case 'length': case 'tool_calls': case 'function_call': break;
  }
  if (c.service_tier === 'performance' || c.service_tier === 'on_demand') console.log('x');
  const fc = ch.message.function_call; if (fc) console.log(fc.name.length, fc.arguments.length);
  const role: 'assistant' = ch.message.role;
  console.log(role, c.x_groq?.usage?.dram_cached_tokens, c.x_groq?.usage?.sram_cached_tokens, c.x_groq?.debug?.input_tokens);
  console.log(c.mcp_list_tools?.[0]?.tools?.[0]?.input_schema, c.mcp_list_tools?.[0]?.server_label);
  for (const t of ch.message.executed_tools ?? []) {
    const pts = t.code_results?.[0]?.chart?.elements[0]?.points; console.log(pts, t.code_results?.[0]?.png);
  }
  for (const a of ch.message.annotations ?? []) { if (a.type === 'function_citation') console.log(a.function_citation?.end_index); }
  const obj: 'chat.completion' = c.object;
  const content: string | null = ch.message.content;
  const lp: Groq.Chat.ChatCompletionTokenLogprob[] | null | undefined = ch.logprobs?.content;
  return [obj, content, lp];
}
export async function streamed() {
  const s = await groq.chat.completions.create({ model: 'm', messages: [], stream: true });
  for await (const c of s) {
    const ch = c.choices[0];
    if (!ch) continue;
    switch (ch.finish_reason) { case null: case 'stop': case 'length': case 'tool_calls': case 'function_call': break; }
    const tc = ch.delta.tool_calls?.[0]; if (tc?.type === 'function') console.log(tc.function?.arguments);
    const obj: 'chat.completion.chunk' = c.object;
    console.log(obj, c.x_groq?.usage?.prompt_tokens, c.x_groq?.usage?.queue_time, c.x_groq?.debug?.output_tokens, c.x_groq?.seed);
    const role: 'system' | 'user' | 'assistant' | 'tool' | undefined = ch.delta.role;
    console.log(role);
  }
}
