import Groq from 'groq-sdk';
const client = new Groq();
export async function main() {
  const chatCompletion = await client.chat.completions
    .create({ messages: [{ role: 'user', content: 'Explain' }], model: 'llama-3.3-70b-versatile' })
    .catch(async (err) => {
      if (err instanceof Groq.APIError) {
        console.log(err.status);
        console.log(err.name);
        console.log(err.headers);
      } else {
        throw err;
      }
    });
  return chatCompletion;
}
export async function other() {
  try {
    await client.chat.completions.create({ messages: [], model: 'm' });
  } catch (err) {
    if (err instanceof Groq.RateLimitError) {
      const retryAfter = err.headers.get('retry-after');
      const s: 429 = err.status;
      console.log(retryAfter, s);
    } else if (err instanceof Groq.AuthenticationError) {
      console.log(err.status, err.message);
    } else if (err instanceof Groq.BadRequestError) {
      const body = err.error as { error?: { failed_generation?: string } } | undefined;
      console.log(body?.error?.failed_generation);
    } else if (err instanceof Groq.APIConnectionTimeoutError) {
      console.log('timeout');
    } else if (err instanceof Groq.APIConnectionError) {
      console.log('conn', err.cause);
    } else if (err instanceof Groq.APIError) {
      console.log(err.status ?? 'no status', err.headers?.get('x-request-id'));
    } else if (err instanceof Groq.GroqError) {
      console.log(err.message);
    }
  }
}
