/**
 * The relay's words for why the answer stopped, as a sentence (Groq's may end without a full stop, "…: overloaded"),
 * after "The answer stopped early." when some of it had shown (`answered`), then what to do when they do not say it
 * already ("Please retry your request." does). Before any of the answer there is nothing to call stopped early.
 * The Next.js page words it with a copy of this (apps/next-demo/lib/describe-chat-error.ts): the apps depend
 * on no code of each other's, and e2e/both-pages-agree.test.ts there checks that both pages say the same.
 */
export function answerStopped(serverMessage: string, answered: boolean): string {
  const why = serverMessage.trim();
  const reason = why === '' || /[.!?…]["'”’)]*$/.test(why) ? why : `${why}.`;
  return [answered ? 'The answer stopped early.' : '', reason, /try again|\bretry\b/i.test(why) ? '' : 'Please try again.'].filter(Boolean).join(' ');
}
