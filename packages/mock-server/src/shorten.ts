/**
 * `text` cut to `maxLength` characters, saying how long it was when it was cut: for a value a client sent that a
 * message quotes back, so a huge one never floods the message or a log of it. Worded as core's, which the mock
 * does not import.
 */
export function shorten(text: string, maxLength = 200): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length} characters in all)` : text;
}
