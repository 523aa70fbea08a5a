import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'm',
    messages: [{ role: 'developer', content: 'be brief' }, { role: 'user', content: 'hi', name: 'bob' }],
    service_tier: 'flex',
    metadata: { user: 'x' },
    store: false,
    seed: 42,
    n: 1,
    logprobs: true,
    top_logprobs: 2,
    logit_bias: { '50256': -100 },
    frequency_penalty: 0, presence_penalty: 0,
    user: 'user-1',
    max_tokens: 100,
    stop: ['\n'],
    stream: null,
    tool_choice: { type: 'function', function: { name: 'f' } },
    function_call: 'none',
    functions: [{ name: 'f', parameters: {} }],
  });
  for (const lp of c.choices[0]?.logprobs?.content ?? []) console.log(lp.token, lp.logprob, lp.bytes, lp.top_logprobs[0]?.token);
  console.log(c.service_tier, c.system_fingerprint, c.x_groq?.seed, c.choices[0]?.finish_reason);
}
