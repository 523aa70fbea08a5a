/** `text` cut to `maxLength` characters, saying how long it was when it was cut. */
export function shorten(text: string, maxLength = 200): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length} characters in all)` : text;
}

/** A bounded, single-line excerpt of `text` for error messages, so a huge payload never floods a log. */
export function excerpt(text: string, maxLength = 200): string {
  return JSON.stringify(shorten(text, maxLength));
}
