import { STATUS_CODES } from 'node:http';

// Groq's own status codes, which Node knows no reason phrase for: it would write `498 unknown`.
const groqReasonPhrases: Readonly<Record<number, string>> = { 498: 'Flex Tier Capacity Exceeded' };

/** The reason phrase for `status` in a status line: Groq's for its own codes, else Node's (undefined when it has none). */
export function reasonPhrase(status: number): string | undefined {
  return groqReasonPhrases[status] ?? STATUS_CODES[status];
}
