import { terminalDrawsUnicode } from './terminal-draws-unicode.js';

/**
 * `text` with the punctuation the SDK and the command write beyond ASCII in ASCII: `…` (a cut message, an excerpt)
 * as `...`, and the en dash of a range (`100–599`) as `-`. For a terminal that does not draw them (see
 * terminalDrawsUnicode), where `…` in UTF-8 shows as `â€¦` or worse (its middle byte is a C1 control in Latin-1).
 * A server's words quoted in a message get the same: they are shown on the same terminal. Other characters are
 * left alone, as they are the server's, the model's or the user's, which no ASCII would say.
 */
export function asciiPunctuation(text: string): string {
  return text.replaceAll('\u2026', '...').replaceAll('\u2013', '-');
}

/**
 * How the command's text is written on the terminal run with `env`: as it is where the terminal draws Unicode (see
 * terminalDrawsUnicode), else through asciiPunctuation. The one place that decides it for every message and log line,
 * so that no two of them are written differently on the same terminal.
 */
export function punctuationForTerminal(env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  return terminalDrawsUnicode(env) ? unchanged : asciiPunctuation;
}

function unchanged(text: string): string {
  return text;
}
