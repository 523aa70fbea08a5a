/**
 * The shortest stretch, from the first token's arrival to the last one's, over which a rate is shown: the tokens of
 * one read (a proxy that buffers the stream, a connection that caught up) arrive together (timeReads), and a rate
 * over reads a few milliseconds apart ("38390.7 tokens/s · 2 tokens") measured the page, not the answer. A quarter
 * of a second is 150 tokens at 600 tokens/s, a fast model's pace. The Next.js page's rule is the same (apps/next-demo/lib/stream-chat.ts).
 */
const shortestRateSpanMs = 250;
/** The fewest tokens after the first over which a rate is shown: one or two gaps between tokens are no pace. */
const fewestRateTokens = 5;

/**
 * The status line's figures: time to the first token, tokens per second, and the token count. `firstTokenAt` and
 * `lastTokenAt` are when those tokens arrived: the time of the read of the response that brought each (timeReads).
 */
export function formatStats(started: number, firstTokenAt: number, lastTokenAt: number, tokens: number): string {
  const ttft = Math.round(firstTokenAt - started);
  const spanMs = lastTokenAt - firstTokenAt;
  // The first token starts the clock, so it is not counted in the rate; "1 token", as on the Next.js page.
  const measured = tokens - 1 >= fewestRateTokens && spanMs >= shortestRateSpanMs;
  const rate = measured ? `${((tokens - 1) / (spanMs / 1000)).toFixed(1)} tokens/s` : '';
  return [`First token after ${ttft} ms`, rate, `${tokens} token${tokens === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
}
