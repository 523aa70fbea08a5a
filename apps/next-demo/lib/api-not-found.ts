import { refuseForeignRequest } from './refuse-foreign-request';

/**
 * Answers a request under `/api` that no route takes (`GET /api/nope`, `POST /api/chats`) with a JSON 404 in
 * the relay's shape, `{ error: { message, type, code } }`, as the Express demo does (its `jsonNotFoundHandler`),
 * and with the same words. Without it Next.js answers with its HTML 404 page, which a program calling the API
 * cannot read, and which goes out without the page's Content-Security-Policy: `proxy.ts` skips `/api/`. A
 * request to a host the demo does not serve gets the 403 of the chat routes instead (refuseForeignRequest).
 */
export function apiNotFound(request: Request): Response {
  const refused = refuseForeignRequest(request);
  if (refused !== undefined) return refused;
  // Groq's own code for a URL it does not know. The path is not quoted: the words stay the app's own.
  const body = { error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' } };
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  return new Response(request.method === 'HEAD' ? null : JSON.stringify(body), { status: 404, headers });
}
