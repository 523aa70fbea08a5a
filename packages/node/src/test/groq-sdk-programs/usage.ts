import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  const u = c.usage;
  if (u) {
    console.log(u.prompt_tokens, u.completion_tokens, u.total_tokens, u.prompt_time, u.completion_time, u.total_time, u.queue_time);
    console.log(u.prompt_tokens_details?.cached_tokens, u.completion_tokens_details?.reasoning_tokens);
  }
  const usage: Groq.CompletionUsage | undefined = c.usage;
  return usage;
}
