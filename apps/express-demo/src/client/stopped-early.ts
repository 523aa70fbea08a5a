/**
 * "The answer stopped early." and the relay's words for why, as a sentence (Groq's may end without a full stop,
 * "…: overloaded"), then what to do when they do not say it already ("Please retry your request." does).
 * The Next.js page words it with a copy of this (apps/next-demo/lib/describe-chat-error.ts): the apps depend
 * on no code of each other's, and e2e/both-pages-agree.test.ts there checks that both pages say the same.
 */
export function stoppedEarly(serverMessage: string): string {
  const why = serverMessage.trim();
  const reason = why === '' || /[.!?…]["'”’)]*$/.test(why) ? why : `${why}.`;
  return ['The answer stopped early.', reason, /try again|\bretry\b/i.test(why) ? '' : 'Please try again.'].filter(Boolean).join(' ');
}
