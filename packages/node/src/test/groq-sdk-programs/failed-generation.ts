import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  try {
    await groq.chat.completions.create({ model: 'm', messages: [], response_format: { type: 'json_object' } });
  } catch (error) {
    if (error instanceof Groq.APIError && error.status === 400) {
      const body: any = error.error;
      console.log(body?.error?.failed_generation, body?.error?.code);
    }
    if (error instanceof Groq.BadRequestError) {
      const h: Headers = error.headers;
      const st: 400 = error.status;
      console.log(h, st, error.error);
    }
  }
}
