import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  try { await groq.models.list(); } catch (err: unknown) {
    if (err instanceof Groq.APIError) {
      const status: number | undefined = err.status;
      const headers: Headers | undefined = err.headers;
      const body: Object | undefined = err.error;
      const msg: string = err.message;
      const cause: unknown = err.cause;
      const stack: string | undefined = err.stack;
      return [status, headers, body, msg, cause, stack];
    }
    if (err instanceof Groq.InternalServerError) { const s: number = err.status; return s; }
    if (err instanceof Groq.PermissionDeniedError || err instanceof Groq.ConflictError || err instanceof Groq.UnprocessableEntityError) return err.status;
    if (err instanceof Groq.NotFoundError) { const h: Headers = err.headers; return h; }
    if (err instanceof Error && err.name === 'AbortError') return 'abort';
  }
  return null;
}
export function wrap(e: unknown): InstanceType<typeof Groq.APIError> | null { return e instanceof Groq.APIError ? e : null; }
export const E: typeof Groq.APIError = Groq.APIError;
export class MyError extends Groq.GroqError {}
