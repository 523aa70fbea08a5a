/**
 * Whether a prompt says nothing: white space and characters that show nothing (zero-width spaces and
 * joiners, U+2060, U+FEFF: Unicode's default ignorables), which the relays refuse as an empty message.
 * The page does not send it, as it does not send an empty one.
 */
export function isBlankPrompt(text: string): boolean {
  return /^[\s\p{Default_Ignorable_Code_Point}]*$/u.test(text);
}
