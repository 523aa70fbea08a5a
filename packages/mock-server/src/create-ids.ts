import { randomBytes, randomUUID } from 'node:crypto';
import { hashString } from './seeded-random.js';

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** A Groq-style request id (`req_01…`, ULID-like). Unique per request; not derived from the prompt. */
export function createRequestId(): string {
  return `req_01${randomBase32(24)}`;
}

/** An OpenAI-style completion id (`chatcmpl-<uuid>`), shared by every chunk of one answer. */
export function createCompletionId(): string {
  return `chatcmpl-${randomUUID()}`;
}

/** A Responses API id, unique per response or output item: `resp_…`, `msg_…` (a message), `fc_…` (a function call). */
export function createResponsesId(prefix: 'resp' | 'msg' | 'fc'): string {
  return `${prefix}_${randomBase32(32)}`;
}

/** A tool-call id (`call_…`), unique per call. */
export function createToolCallId(): string {
  return `call_${randomBase32(24)}`;
}

/** A stable `fp_…` per model, as a real deployment keeps one fingerprint per model version. */
export function systemFingerprint(model: string): string {
  return `fp_${hashString(model).toString(16).padStart(8, '0')}${(hashString(`${model}#`) & 0xff).toString(16).padStart(2, '0')}`;
}

function randomBase32(length: number): string {
  let text = '';
  for (const byte of randomBytes(length)) text += BASE32[byte & 31];
  return text;
}
