import Groq, { APIError, RateLimitError, APIUserAbortError, InternalServerError, NotFoundError, GroqError, APIConnectionError } from 'groq-sdk';
const groq = new Groq({ maxRetries: 0, timeout: 20 * 1000 });
export async function main() {
  try {
    return await groq.chat.completions.create({ model: 'a', messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 5, timeout: 5000 });
  } catch (e) {
    if (e instanceof RateLimitError) return e.status;
    if (e instanceof NotFoundError) return e.status;
    if (e instanceof InternalServerError) return e.status;
    if (e instanceof APIUserAbortError) return 'aborted';
    if (e instanceof APIConnectionError) return 'conn';
    if (e instanceof APIError) return e.status;
    if (e instanceof GroqError) return e.message;
    throw e;
  }
}
export function isRetryable(e: unknown): boolean {
  return e instanceof APIError && (e.status === 429 || (e.status !== undefined && e.status >= 500));
}
