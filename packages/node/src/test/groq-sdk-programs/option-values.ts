import Groq from 'groq-sdk';
export function make(key: string | undefined, base: string | null) {
  const g = new Groq({ apiKey: key, baseURL: base, timeout: undefined, maxRetries: undefined, defaultQuery: { a: undefined, b: 'c' }, defaultHeaders: new Headers({ a: 'b' }) });
  const g2 = new Groq({ defaultHeaders: [['x', 'y']], logger: { error() {}, warn() {}, info() {}, debug() {} }, logLevel: 'off' });
  const g3 = new Groq({ defaultHeaders: { a: undefined, b: null, c: ['1', '2'] } });
  const t: number = g.timeout + g.maxRetries + Groq.DEFAULT_TIMEOUT;
  const k: string = g.apiKey + g.baseURL;
  return [g2.withOptions({ maxRetries: 9 }), g3, t, k];
}
export async function req(g: Groq, signal?: AbortSignal) {
  await g.chat.completions.create({ model: 'm', messages: [] }, { headers: new Headers({ a: 'b' }), signal: signal ?? null, query: { n: 1 } });
  await g.chat.completions.create({ model: 'm', messages: [] }, { headers: [['a', 'b']], timeout: 1 });
  await g.chat.completions.create({ model: 'm', messages: [] }, undefined);
  await g.models.list({ signal });
  await g.models.retrieve('x', { timeout: 5 });
}
