// Every C0 control but the tab and the line feed, DEL, and the C1 controls (U+0080 to U+009F, with the 8-bit
// CSI U+009B and OSC U+009D); a CR is looked at on its own (one before a line feed is left alone).
// Also Unicode's bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), as core's
// escapeControls escapes them in a server's words: they show the words after them reordered, up to their pop or the
// line's end, on a terminal that lays out bidirectional text and wherever the text is pasted ("Trojan Source",
// CVE-2021-42574), so that a command or a file name reads as other than what is copied. Not the marks (U+061C,
// U+200E, U+200F), which escapeControls escapes too: Arabic and Hebrew text holds them to set the side of a number
// or a bracket; each is one invisible letter of a direction, which reorders no letters, and an answer in those
// languages would be strewn with \u200f. And the line and paragraph separators (U+2028, U+2029), escaped as
// escapeControls escapes them even with keepLineFeeds: a terminal breaks no line at them (it draws nothing, a
// space or a box), an editor they are pasted into may, so what is copied would not be what was read.
// Also the characters a terminal draws as nothing, which would let text pass unseen: in a command (`r\u200bm`) or
// a link it is copied as other than it reads, and Unicode's tag characters (U+E0000 to U+E007F) spell out ASCII,
// instructions for the next model the text is pasted into ("ASCII smuggling"). Unicode's default ignorable code
// points as escapeControls escapes them: the zero-width space, the word joiner and the invisible operators (U+200B,
// U+2060 to U+2064), U+FEFF (a zero-width no-break space: a byte order mark only at a file's start, which a stream's
// pieces are not), the deprecated format characters (U+206A to U+206F), the soft hyphen U+00AD (which a terminal
// may draw as a hyphen, a page pasted into as nothing), the combining grapheme joiner U+034F, the Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0), Khmer's inherent vowels (U+17B4, U+17B5), the shorthand format controls
// (U+1BCA0 to U+1BCA3), the musical beams and phrases (U+1D173 to U+1D17A), and the unassigned ones (U+2065,
// U+FFF0 to U+FFF8, U+E0080 to U+E00FF, U+E01F0 to U+E0FFF): escaped wherever they are. And a lone surrogate, half
// of a pair whose other half is missing, which UTF-8 writes as U+FFFD: escaped as escapeControls escapes it, once
// what follows shows it alone (a last high half is held). The joiners (ZWNJ U+200C, ZWJ U+200D) and the tags too,
// but where they build what the terminal draws (see joinerKept, and tagsKept, for which the black flag U+1F3F4 is
// matched). And the variation selectors (U+FE00 to U+FE0F, U+E0100 to U+E01EF), which pick a glyph of the character
// before them and are drawn as nothing, so that a run of them after one emoji spells bytes no one sees ("emoji
// smuggling"), and Mongolian's free variation selectors and vowel separator (U+180B to U+180F), which pick the
// form of the Mongolian letter before them (of its next one, for the separator): one is kept where it picks (see
// selectorKept). The set is escapeControls' but for the line feed, the marks, the joiners and the selectors (see
// control-escaper.test, which holds the two to that).
const special =
  /\r|[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\ud800-\udfff\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}\u{1f3f4}]/gu;
const zeroWidthNonJoiner = '\u200c';
const zeroWidthJoiner = '\u200d';
const blackFlag = '\u{1f3f4}';
/** The tag characters that spell a tag sequence's code (U+E0020 to U+E007E), and the one that ends it. */
const tagLetter = /^[\u{e0020}-\u{e007e}]$/u;
const cancelTag = '\u{e007f}';
/** The longest code a subdivision flag can have: a region's two letters or three digits, then up to four more. */
const longestTagCode = 7;
// Unicode's recommended (RGI) tag sequences, the ones fonts draw: the flags of England, Scotland and Wales
// (U+1F3F4, `gbeng` in tags, U+E007F). As the runtime's Unicode data has them; built with `v`, which TypeScript's
// ES2022 target does not parse in a literal (Node has had it since 20).
const drawnTagSequence = new RegExp('^\\p{RGI_Emoji_Tag_Sequence}$', 'v');
const pictographic = /^\p{Extended_Pictographic}$/u;
const emojiModifier = /^\p{Emoji_Modifier}$/u;
const letterOrMark = /^[\p{L}\p{M}]$/u;
/** What a variation selector up to U+FE0F picks a glyph of: an emoji, a letter, a digit, a symbol, punctuation. */
const selectable = /^[\p{L}\p{N}\p{S}\p{P}]$/u;
/** What one from U+E0100 picks a glyph of (an ideographic variation sequence, 葛󠄀): an ideograph. */
const ideograph = /^\p{Ideographic}$/u;
/** What Mongolian's selectors and vowel separator pick the form of: a letter of Mongolian (or Manchu, Todo). */
const mongolianLetter = /^(?=\p{L})\p{scx=Mongolian}$/u;
// The scripts whose letters the joiners join or keep apart, as Unicode's chapter on layout controls has it: the
// cursive ones (Arabic's, Persian's ZWNJ in می‌خواهم, Syriac, N'Ko, Mongolian, Adlam, Hanifi Rohingya) and the
// Indic ones whose conjuncts they shape (Sinhala's rakaransaya in ශ්‍රී, Malayalam's older chillu in അവന്‍),
// by the letter's Script_Extensions, so that the Arabic vowel signs (Inherited) count as Arabic.
const joiningScript =
  /^[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}\p{scx=Adlam}\p{scx=Hanifi_Rohingya}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Tibetan}\p{scx=Myanmar}\p{scx=Khmer}]$/u;

/**
 * The model's text, piece by piece, made inert for a terminal: its control characters written as escapes, so
 * that the text cannot work the terminal (a prompt injection can make it anything). ESC (and the C1 CSI and OSC)
 * starts a sequence that writes the clipboard (OSC 52), shows a link whose words are not where it goes (OSC 8),
 * sets the window's title, clears the screen, moves the cursor back over lines already read, or hides words
 * (SGR 8, a colour on its own); BEL rings, a lone CR goes back to write over its line; a bidirectional override
 * or isolate shows the words after it reordered (the marks stay, see `special`). Each such character is
 * replaced on its own, so a sequence split over two pieces is caught as one in a piece is.
 * The tab and the line feed stay, and so does a CR before a line feed (a CRLF ends a line as a line feed does).
 *
 * Invisible characters are written as escapes too, so that no text passes unseen (see `special`), but for those
 * that build what the terminal draws: a ZWJ between emoji (a family, a skin tone's technologist, the rainbow flag:
 * one picture), a joiner after a letter of a script that joins with them, the tags of a flag that fonts draw
 * (England's, Scotland's, Wales's), and a variation selector (Mongolian's too) right after what it picks a glyph of.
 * Where the terminal draws no Unicode (`drawsUnicode` false: the Linux console, a locale not UTF-8) there is no
 * picture to keep, and the joiners and tags are escaped too (a selector hides no more there). A half of a pair
 * alone, which UTF-8 would write as U+FFFD, is escaped as well. What decides is held: a piece's
 * last CR until the next piece or rest() shows whether a line feed follows, a last ZWJ after an emoji until
 * what follows shows, a black flag and its tags (8 characters at most) until their end, and a last high surrogate
 * half until the next piece shows whether its low half follows (CliOutput joins the halves first; this keeps a tag
 * cut in two from going out unseen all the same, and a half from being escaped before its other half came).
 *
 * The escapes are core's escapeControls' (`\u001b`, `\r`), one `\u` and four hex digits for each UTF-16 unit (a
 * tag is `\udb40\udc41`, as JSON and JavaScript write it, so that a `--json` line still parses to the same
 * chunk), not `cat -v`'s `^[` or the Control Pictures' `␛`: the form the command already writes for a server's
 * words on stderr, one for every control character (Unicode has no Control Pictures for the C1 ones, and `cat -v`
 * writes them byte by byte, `M-BM-^[` for U+009B), in ASCII, which every terminal draws, the Linux console and a
 * Latin-1 one too. A `\u001b` the model writes as text reads the same: the text as it came is the pipe's, or
 * `--raw`'s.
 */
export class ControlEscaper {
  /** The start of the text not yet written, which what comes next decides. */
  private held = '';
  /** The text's last two characters before `held`, as they came (what a ZWJ joins may be an emoji then FE0F). */
  private before = '';
  private readonly drawsUnicode: boolean;

  constructor(
    /** Whether the terminal draws characters beyond ASCII (see terminalDrawsUnicode): default `true`. */
    { drawsUnicode = true }: { drawsUnicode?: boolean } = {},
  ) {
    this.drawsUnicode = drawsUnicode;
  }

  /** `piece` with its controls and invisible characters escaped, after what was held, less what it holds now. */
  next(piece: string): string {
    if (piece === '') return '';
    return this.escape(this.held + piece, false);
  }

  /** What is still held, escaped as nothing follows it: the line has ended. */
  rest(): string {
    const text = this.held;
    const escaped = text === '' ? '' : this.escape(text, true);
    this.before = '';
    return escaped;
  }

  private escape(text: string, last: boolean): string {
    let escaped = '';
    let from = 0;
    let holdFrom = last || !endsInHighHalf(text) ? text.length : text.length - 1;
    special.lastIndex = 0;
    for (let match = special.exec(text); match !== null && match.index < holdFrom; match = special.exec(text)) {
      const at = match.index;
      const character = match[0];
      // Where what is kept as it came ends; `at` alone: escaped. undefined: held, the rest of the text undecided.
      let keptTo: number | undefined = at;
      if (character === '\r') {
        if (text[at + 1] === '\n') keptTo = at + 2;
        else if (at + 1 === text.length && !last) keptTo = undefined;
      } else if (character === zeroWidthJoiner || character === zeroWidthNonJoiner) {
        keptTo = this.joinerKept(text, at, last);
      } else if (character === blackFlag) {
        keptTo = this.tagsKept(text, at, last);
      } else {
        const picked = pickedBy(character);
        if (picked !== undefined) keptTo = this.selectorKept(text, at, character, picked);
      }
      if (keptTo === undefined) {
        holdFrom = at;
        break;
      }
      escaped += text.slice(from, at) + (keptTo === at ? unitEscapes(character) : text.slice(at, keptTo));
      from = Math.max(keptTo, at + character.length);
      special.lastIndex = from;
    }
    escaped += text.slice(from, holdFrom);
    this.before = lastCharacters(this.before, text, holdFrom).join('');
    this.held = text.slice(holdFrom);
    return escaped;
  }

  /**
   * Where the joiner at `at` is kept to (past it), `at` to escape it, undefined to hold it: kept after a letter or
   * mark of a script that joins with them (see joiningScript), whatever follows (Malayalam's older chillu ends a
   * word with ZWJ), and a ZWJ between emoji (an emoji, maybe with a skin tone or FE0F, before; a pictograph after).
   * A second joiner in a row has none of those before it.
   */
  private joinerKept(text: string, at: number, last: boolean): number | undefined {
    if (!this.drawsUnicode) return at;
    const characters = lastCharacters(this.before, text, at);
    const before = characters.at(-1);
    const beforeThat = characters.at(-2);
    if (before !== undefined && letterOrMark.test(before) && joiningScript.test(before)) return at + 1;
    if (text[at] !== zeroWidthJoiner || before === undefined) return at;
    const afterEmoji = pictographic.test(before) || emojiModifier.test(before) || (before === '\ufe0f' && beforeThat !== undefined && pictographic.test(beforeThat));
    if (!afterEmoji) return at;
    const after = text.codePointAt(at + 1);
    if (after === undefined) return last ? at : undefined;
    if (at + 2 === text.length && !last && after >= 0xd800 && after <= 0xdbff) return undefined;
    return pictographic.test(String.fromCodePoint(after)) ? at + 1 : at;
  }

  /**
   * Where the variation selector at `at` is kept to (past it), or `at` to escape it: kept right after a character
   * it picks a glyph of (`picked`: see pickedBy), which a selector, a mark or format character of the same kind, is
   * not, so that of a run only the first stays. It hides no more than which of a character's 16 glyphs (or an
   * ideograph's 240, a Mongolian letter's 5 forms) is meant, where a run of them after one emoji would spell a byte
   * each.
   */
  private selectorKept(text: string, at: number, selector: string, picked: RegExp): number {
    const before = lastCharacters(this.before, text, at).at(-1);
    if (before === undefined) return at;
    return picked.test(before) ? at + selector.length : at;
  }

  /**
   * Where the black flag at `at` and its tags are kept to: past the cancel tag for a tag sequence fonts draw (see
   * drawnTagSequence), else past the flag alone, its tags then escaped each on its own; undefined to hold them,
   * while the text ends before their end could show.
   */
  private tagsKept(text: string, at: number, last: boolean): number | undefined {
    const flagEnd = at + blackFlag.length;
    if (!this.drawsUnicode) return flagEnd;
    let end = flagEnd;
    let letters = 0;
    for (;;) {
      const tag = text.codePointAt(end);
      if (tag === undefined || (end + 1 === text.length && tag >= 0xd800 && tag <= 0xdbff)) return last ? flagEnd : undefined;
      const character = String.fromCodePoint(tag);
      if (character === cancelTag) return drawnTagSequence.test(text.slice(at, end + 2)) ? end + 2 : flagEnd;
      if (!tagLetter.test(character) || letters === longestTagCode) return flagEnd;
      letters += 1;
      end += 2;
    }
  }
}

/** Each of `text`'s UTF-16 units as `\u` and four hex digits, but a CR as `\r` (as escapeControls writes them). */
function unitEscapes(text: string): string {
  if (text === '\r') return '\\r';
  let escaped = '';
  for (let index = 0; index < text.length; index += 1) escaped += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`;
  return escaped;
}

/** What `character` picks a glyph or form of, when it is a selector (see selectorKept): undefined when it is none. */
function pickedBy(character: string): RegExp | undefined {
  const code = character.codePointAt(0) ?? 0;
  if (code >= 0xfe00 && code <= 0xfe0f) return selectable;
  if (code >= 0xe0100 && code <= 0xe01ef) return ideograph;
  if (code >= 0x180b && code <= 0x180f) return mongolianLetter;
  return undefined;
}

function endsInHighHalf(text: string): boolean {
  const unit = text.charCodeAt(text.length - 1);
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** The last two characters (code points) of `before` then `text` up to `end`, at most two. */
function lastCharacters(before: string, text: string, end: number): string[] {
  // Two characters are four UTF-16 units at most: a low half cut from its high one there is never one of them.
  return Array.from((end < 4 ? before : '') + text.slice(Math.max(0, end - 4), end)).slice(-2);
}
