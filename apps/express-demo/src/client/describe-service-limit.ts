import { describeWait } from './describe-wait.js';

/**
 * Groq's rate limit or capacity limit (the relay's type `rate_limit`, `capacity`), the same words whether it
 * refused the message or stopped the answer, and how long to wait: `seconds` rounded up, in words (describeWait), or
 * "a moment" when the relay did not say (none, zero, negative). The Next.js page words it with a copy of this
 * (apps/next-demo/lib/describe-chat-error.ts), and e2e/both-pages-agree.test.ts there checks that both say the same.
 */
export function describeServiceLimit(limit: 'rate_limit' | 'capacity', seconds: number | undefined): string {
  const wait = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
  const when = wait === undefined ? 'Please wait a moment' : `Please wait ${describeWait(wait)}`;
  return `${limit === 'rate_limit' ? 'Too many requests: the AI service is busy right now.' : 'The AI service is at capacity right now.'} ${when} and try again.`;
}
