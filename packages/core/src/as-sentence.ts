/**
 * `text` ended as a sentence, so that what follows it (a request note `[POST /…]`, advice) reads as separate:
 * trailing white space and line breaks dropped (leading too), and a full stop added unless one (or `!`, `?`, `…`, perhaps
 * inside quotes or brackets) ends it already. A server's message may end with a URL or a bare word, which the
 * note would otherwise run on from: `…/settings/billing [POST …]`.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || endsSentence(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Whether `text` ends a sentence: with `.`, `!`, `?` or `…`, perhaps inside quotes or brackets (`"fast."`).
 * One test for {@link asSentence} and for the advice `GroqError` appends, which otherwise put a second full
 * stop after a sentence the first had left as it was (`Unknown value "fast.". Retry…`).
 */
export function endsSentence(text: string): boolean {
  return /[.!?…]["'”’)\]]*$/.test(text);
}
