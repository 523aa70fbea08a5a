import Groq from 'groq-sdk';
const groq = new Groq();
export async function main(signal: AbortSignal) {
  return groq.chat.completions.create(
    { model: 'm', messages: [{ role: 'user', content: 'x' }] },
    { signal, timeout: 1000, maxRetries: 0, headers: { 'x-trace': '1', 'x-null': null }, query: { debug: 'true' } },
  );
}
export const opts: Groq.RequestOptions = { timeout: 1 };
