/**
 * The shortest stretch, from the first token to the last, over which a rate is shown: all the tokens in one read (a
 * proxy that buffers the stream, a connection that caught up) are parsed within milliseconds, and their rate
 * ("38390.7 tokens/s · 2 tokens") measured the parser, not the answer. A quarter of a second is 150 tokens at
 * 600 tokens/s, a fast model's pace. The Next.js page's rule is the same (apps/next-demo/lib/stream-chat.ts).
 */
const shortestRateSpanMs = 250;
/** The fewest tokens after the first over which a rate is shown: one or two gaps between tokens are no pace. */
const fewestRateTokens = 5;

/** The status line's figures: time to the first token, tokens per second, and the token count. */
export function formatStats(started: number, firstTokenAt: number, lastTokenAt: number, tokens: number): string {
  const ttft = Math.round(firstTokenAt - started);
  const spanMs = lastTokenAt - firstTokenAt;
  // The first token starts the clock, so it is not counted in the rate; "1 token", as on the Next.js page.
  const measured = tokens - 1 >= fewestRateTokens && spanMs >= shortestRateSpanMs;
  const rate = measured ? `${((tokens - 1) / (spanMs / 1000)).toFixed(1)} tokens/s` : '';
  return [`First token after ${ttft} ms`, rate, `${tokens} token${tokens === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
}
