import { keptFields } from './long-field-value.js';

const colon = 58;
// Enough of a body that is not an event stream to quote it, or to read a JSON error body whole.
const maxHeadKept = 4096;
// A line of a field the parser keeps, once its name has ended (with its colon or the end of its line).
const keptFieldLine = new RegExp(`(?:^|[\\r\\n])(?:${keptFields.join('|')})[:\\r\\n]`);

/**
 * The start of a body read as an event stream, kept while no event has come, for `SSEDecoder.foreignText`:
 * the parser skips lines it does not keep without a word when they arrive in pieces, so they are kept here,
 * with whether any line of a field the standard knows has begun.
 */
export class BodyHead {
  /** The start of the text (up to 4 Ki characters), `undefined` once an event has come. */
  #text: string | undefined = '';
  /**
   * Whether a `data`, `event`, `id` or `retry` line has begun while no event has come, anywhere in the body:
   * past the 4 Ki characters kept in `text` too, so that an event stream that opens with more than that of
   * unknown fields and is cut off in its first event is still judged an event stream.
   */
  #sawField = false;

  /** Whether the start of the body is still kept: no event has come. */
  get open(): boolean {
    return this.#text !== undefined;
  }

  /** Whether the lines of the next piece are still looked at: no event has come, and no field has begun. */
  get watching(): boolean {
    return this.#text !== undefined && !this.#sawField;
  }

  /** Keeps the start of the next piece of text, while no event has come and fewer than 4 Ki characters are kept. */
  keep(text: string): void {
    if (this.#text !== undefined && this.#text.length < maxHeadKept) this.#text += text.slice(0, maxHeadKept - this.#text.length);
  }

  /**
   * Notes whether `text`, read after a line that started with `lineHead` (a field name split across pieces),
   * began a line of a field the standard knows.
   */
  look(lineHead: string, text: string): void {
    if (this.#text !== undefined && keptFieldLine.test(lineHead + text)) this.#sawField = true;
  }

  /** An event came: the body is an event stream, and its start is no longer kept. */
  eventCame(): void {
    this.#text = undefined;
  }

  /**
   * The start of the body when it held no event and no line of a field the standard knows, but other lines;
   * `undefined` otherwise, also when the body's first line (after blank lines and comments) may be such a
   * field cut short: `cutOffMayBeField` says whether the line the body ended in may be one (see
   * `SSEDecoder.foreignText`).
   */
  foreignText(cutOffMayBeField: boolean): string | undefined {
    const text = this.#text;
    if (text === undefined) return undefined;
    const lines = text.split(/\r\n|\r|\n/);
    if (this.#sawField || lines.some(isKeptField) || !lines.some((line) => line !== '' && line.charCodeAt(0) !== colon)) return undefined;
    // Only when the cut line is the first that is neither blank nor a comment: a page whose later line begins
    // with `d` or `e` (`<html>\n<body>\ne`) is still a page.
    const firstContent = lines.slice(0, -1).every((line) => line === '' || line.charCodeAt(0) === colon);
    if (firstContent && cutOffMayBeField) return undefined;
    // The cut at 4 Ki characters may split a word: a credential cut there is one that redaction no longer
    // knows (a remembered key is found only whole), so the word it ends in goes, as does the first half
    // of a character of two UTF-16 units.
    const kept = text.length < maxHeadKept ? text : text.replace(/\S{1,256}$/, '');
    return kept.replace(/[\r\n]+$/, '');
  }
}

/** Whether `line` is a `data`, `event`, `id` or `retry` field, with or without a value. */
function isKeptField(line: string): boolean {
  const end = line.indexOf(':');
  return keptFields.includes(end === -1 ? line : line.slice(0, end));
}
