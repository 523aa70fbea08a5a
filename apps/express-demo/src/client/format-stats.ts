/** The status line's figures: time to the first token, tokens per second, and the token count. */
export function formatStats(started: number, firstTokenAt: number, lastTokenAt: number, tokens: number): string {
  const ttft = Math.round(firstTokenAt - started);
  const seconds = (lastTokenAt - firstTokenAt) / 1000;
  // The Next.js page's figures: no rate before a second token (the first one starts the clock), "1 token".
  const rate = tokens > 1 && seconds > 0 ? `${((tokens - 1) / seconds).toFixed(1)} tokens/s` : '';
  return [`First token after ${ttft} ms`, rate, `${tokens} token${tokens === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
}
