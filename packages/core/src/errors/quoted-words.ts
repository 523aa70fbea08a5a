import { asSentence } from '../as-sentence.js';
import { escapeControls } from '../escape-controls.js';
import { escapedWidth, shorten } from '../excerpt.js';
import { redactSecrets } from '../redact-secrets.js';

/**
 * A server's or a relay's words as an error quotes them: `whole`, redacted, for the error's `serverMessage`, and
 * `quoted`, the same cut where it reaches 1,000 characters as written, ended as a sentence and its control
 * characters written as escapes (as `cutShort` quotes words: the cut counts each escape's characters), for its message, which goes to logs (an event may hold megabytes), to terminals and
 * pages, and is followed by the request note and advice. Redacted before the cut, as a key cut short would not be.
 * Line feeds are escaped too: a message is one line where most apps show it, and a server's line of its own would
 * read as the app's; `serverMessage` keeps them.
 */
export function quotedWords(text: string): { whole: string; quoted: string } {
  const whole = redactSecrets(text);
  // Escaped once made a sentence: the trailing line breaks it drops are not left as `\n` before its full stop.
  return { whole, quoted: escapeControls(asSentence(shorten(whole, 1000, escapedWidth))) };
}
