/**
 * Whether `text`, which does not parse as JSON, is the start of a JSON object or list that stopped before
 * its end: a string or a bracket still open when the text ends, and nothing before that which JSON's
 * brackets rule out (a closer that matches no opener, a second value after the first one closed). That is
 * what a body cut short looks like: a connection closed early on a body without `content-length` (HTTP/1.0,
 * `connection: close`), or a compressed body cut short, which Node's fetch and browsers end quietly after
 * what they could decode. A page of another kind (HTML, text) does not start with `{` or `[`.
 */
export function endsInsideJSON(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1 || (text[start] !== '{' && text[start] !== '[')) return false;
  const open: string[] = [];
  let inString = false;
  for (let at = start; at < text.length; at++) {
    const character = text[at];
    if (inString) {
      if (character === '\\') at++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{' || character === '[') {
      open.push(character === '{' ? '}' : ']');
    } else if (character === '}' || character === ']') {
      if (open.pop() !== character) return false;
      // The outer value closed: the text is whole, and wrong for another reason.
      if (open.length === 0) return false;
    }
  }
  return true;
}
