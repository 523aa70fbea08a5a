/**
 * What renders as nothing: white space; Unicode's default ignorables (U+200B zero width space, U+200C/D
 * joiners, U+2060 word joiner, U+FEFF, soft hyphens, variation selectors, the Hangul fillers U+3164 and
 * U+FFA0); control characters (U+0000 to U+001F, U+007F to U+009F); combining marks, which with no letter to
 * mark (U+0301 alone) are no text; and the symbols drawn blank, U+2800 (braille pattern blank) and U+1D159
 * (musical null notehead).
 */
const blank = /^[\s\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\u2800\u{1d159}]*$/u;

/**
 * Whether `text` says nothing: it is empty or holds only characters that render as nothing (white space,
 * invisible characters such as U+200B, U+FEFF or the Hangul filler U+3164, control characters, combining
 * marks with no letter to mark, the braille blank U+2800). The relays refuse a user message of only these as
 * an empty one (400 `invalid_content`), so a page can keep such a prompt instead of sending it. Beside a
 * visible character each is text as any other.
 */
export function isBlankText(text: string): boolean {
  return blank.test(text);
}
