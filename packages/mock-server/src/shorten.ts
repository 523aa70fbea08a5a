/**
 * `text` cut to `maxLength` characters, saying how long it was when it was cut: for a value a client sent that a
 * message quotes back, so a huge one never floods the message or a log of it. Worded as core's, which the mock
 * does not import.
 */
export function shorten(text: string, maxLength = 200): string {
  if (text.length <= maxLength) return text;
  // Never between the two halves of a pair of surrogates (an emoji): half of one is no character, and is written
  // as U+FFFD in UTF-8 (a log file, a terminal) or as `\ud83d` in JSON.
  const last = text.charCodeAt(maxLength - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength;
  return `${text.slice(0, end)}… (${text.length} characters in all)`;
}
