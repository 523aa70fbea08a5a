/**
 * `text` ended as a sentence, so that what follows it (a request note `[POST /…]`, advice) reads as separate:
 * trailing white space and line breaks dropped (leading too), and a full stop added unless one (or `!`, `?`, `…`, perhaps
 * inside quotes or brackets) ends it already. A server's message may end with a URL or a bare word, which the
 * note would otherwise run on from: `…/settings/billing [POST …]`.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]["'”’)\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
