import { STATUS_CODES, type ServerResponse } from 'node:http';

// Groq's own status codes, which Node knows no reason phrase for (it would send `498 unknown`).
const GROQ_REASON_PHRASES: Record<number, string> = { 498: 'Flex Tier Capacity Exceeded' };

/** Groq's error body: `{ "error": { "message", "type", "param", "code" } }`, `param` and `code` only when Groq sends them. */
export interface GroqErrorBody {
  error: { message: string; type: string; param?: string; code?: string };
}

/**
 * Builds Groq's error body; `code` is left out when Groq sends none (e.g. body validation), and `param` unless
 * given (Groq names the parameter it does not support: `"param": "logprobs"`).
 */
export function groqError(message: string, type: string, code?: string, param?: string): GroqErrorBody {
  return { error: { message, type, ...(param === undefined ? {} : { param }), ...(code === undefined ? {} : { code }) } };
}

/** Ends `response` with a JSON body; headers set earlier with `setHeader` (CORS, Groq's) are kept. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

/** {@link sendJson} for a body already serialized (by `stringifyGroqJson`, for instance). */
export function sendJsonText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const reason = GROQ_REASON_PHRASES[status] ?? STATUS_CODES[status] ?? 'unknown';
  response.writeHead(status, reason, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}
