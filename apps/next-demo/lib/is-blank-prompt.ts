/**
 * Whether a prompt says nothing: only what renders as nothing, as the relays judge it (white space,
 * invisible characters such as U+200B, U+FEFF or the Hangul filler U+3164, control characters, combining
 * marks with no letter to mark, the braille blank U+2800 and the musical null notehead U+1D159), which they
 * refuse as an empty message. The page does not send it, as it does not send an empty one. The same test
 * is in the Express page (src/client/is-blank-prompt.ts); keep the two in step with the relays' check.
 */
export function isBlankPrompt(text: string): boolean {
  return /^[\s\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\u2800\u{1d159}]*$/u.test(text);
}
