/**
 * The tokens of an answer cut before the first occurrence of any stop sequence, as a model stops
 * generating there: the text is exactly the joined tokens up to that point (the stop sequence itself is
 * not sent), and the token that the stop sequence starts in keeps only its part before it. A sequence
 * may span tokens. Empty sequences never match. Returns `tokens` itself when nothing matches.
 */
export function cutAtStopSequence(tokens: string[], stop: readonly string[]): string[] {
  const sequences = stop.filter((sequence) => sequence !== '');
  if (sequences.length === 0 || tokens.length === 0) return tokens;
  const text = tokens.join('');
  let cutAt = -1;
  for (const sequence of sequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && (cutAt === -1 || at < cutAt)) cutAt = at;
  }
  if (cutAt === -1) return tokens;
  const kept: string[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (offset + token.length > cutAt) {
      // A token that the stop sequence starts in is sent up to it, never as an empty delta.
      if (cutAt > offset) kept.push(token.slice(0, cutAt - offset));
      break;
    }
    kept.push(token);
    offset += token.length;
  }
  return kept;
}
