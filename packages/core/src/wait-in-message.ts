// Groq words the wait as a Go duration: `5.289s`, `830ms`, `1m2.5s`, `2h0m30s`.
const waitPattern = /\btry again in ((?:\d+(?:\.\d+)?(?:h|ms|m|s))+)(?=[\s.,;)]|$)/i;
const partPattern = /(\d+(?:\.\d+)?)(h|ms|m|s)/gi;
const secondsPer: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/**
 * The wait in seconds that a rate limit's message asks for ("… Please try again in 5.289s."), or `undefined`
 * when it names none. Groq's rate limit that stops a stream mid-way comes as an error event, with no
 * `retry-after` header: its message is the only place that says how long.
 */
export function waitInMessage(message: string): number | undefined {
  const duration = waitPattern.exec(message)?.[1];
  if (duration === undefined) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(partPattern)) seconds += Number(amount) * secondsPer[unit!.toLowerCase()]!;
  // Rounded to the millisecond: 830ms is 0.83, not 0.8300000000000001.
  return Math.round(seconds * 1000) / 1000;
}
