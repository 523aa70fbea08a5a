import { asSentence } from '../as-sentence.js';
import { shorten } from '../excerpt.js';
import { redactSecrets } from '../redact-secrets.js';

/**
 * A server's or a relay's words as an error quotes them: `whole`, redacted, for the error's `serverMessage`, and
 * `quoted`, the same cut at 1,000 characters and ended as a sentence, for its message, which goes to logs (an
 * event may hold megabytes) and is followed by the request note and advice. Redacted before the cut, as a key cut
 * short would not be.
 */
export function quotedWords(text: string): { whole: string; quoted: string } {
  const whole = redactSecrets(text);
  return { whole, quoted: asSentence(shorten(whole, 1000)) };
}
