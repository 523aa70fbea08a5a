/** A bounded, single-line excerpt of `text` for error messages, so a huge payload never floods a log. */
export function excerpt(text: string, maxLength = 200): string {
  const head = text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length} characters in all)` : text;
  return JSON.stringify(head);
}
