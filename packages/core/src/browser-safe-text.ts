import { controls, type escapeControls } from './escape-controls.js';
import { redactSecrets } from './redact-secrets.js';

// What gives away a server's internals: addresses, host:port, stack frames, source paths, socket and file error
// codes, and file paths (under the roots a server's files live in, or a Windows drive): a Groq-compatible server's
// `ENOENT: no such file or directory, open '/srv/secrets/groq.env'` is no words for a browser.
const internals =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|\[[\da-f:]*:[\da-f:]*\]|\b[\w-]+(?:\.[\w-]+)*:\d{2,5}\b|\bat \S+ \(|Traceback|Exception\b|\.(?:js|ts|py|go|java|rb|rs):\d+|\bE(?:CONN\w+|TIMEDOUT|NOTFOUND|HOSTUNREACH|NETUNREACH|PIPE|AI_\w+|NOENT|ACCES|PERM|MFILE|NFILE|ISDIR|NOTDIR|ADDRINUSE|ROFS|NOSPC)\b|(?:^|[\s'"(=:])\/(?:etc|srv|opt|home|var|usr|root|tmp|app|mnt|run|proc|data|workspace)\/|\b[a-z]:\\/i;
const urls = /\bhttps?:\/\/([^/\s"'<>]+)/gi;
// Host names without a scheme (`gpu-7.inference.internal`): the common public and private suffixes, so that
// field paths such as `messages.0.content` or `tool.parameters` are not taken for hosts.
const hosts = /\b(?:[a-z\d-]+\.)+(?:com|net|org|io|ai|dev|cloud|app|co|us|eu|internal|local|localhost|lan|corp|intra|intranet|svc|cluster|home|private|example)\b/gi;

// The organization id in Groq's rate-limit messages (429, and 413 on tokens per minute) is the server's account,
// not the user's business. Groq writes it in backticks today (`in organization \`org_01…\` service tier …`); older
// messages and Groq-compatible servers write it bare (`in organization org_01… on tokens per minute`), and an id
// may have another shape. Left out: what the backticks hold, or else the word after "organization" up to the next
// space (a backtick that opens it and none closes too), without the punctuation that ends the sentence; "on" or
// "service" there is no id but the rest of the sentence. Greedy, the id's last character not punctuation: a lazy
// match that looked ahead for the end would take time quadratic in a long run of punctuation. An id in parentheses
// (`in organization (acme)`) goes to the one that closes them: the bare word's rule left it, as the sentence's own.
const organizationId = / in organization (?:`[^`]*`|\([^()]*\)|`?(?!(?:on|service)(?:\s|$))[^\s`]*[^\s`.,;:!?)])/gi;

/**
 * A server's message when it is fit to show a browser, or `undefined`: one line, credentials redacted, no
 * control characters but a tab, line or paragraph separators, bidirectional controls or characters drawn as
 * nothing (the zero-width space, U+FEFF, Unicode's tag characters: see escapeControls), no addresses, hosts
 * other than groq.com's, stack traces or source paths, no organization id, at most 300 characters (cut at a
 * word). A message that fails is not trimmed into shape: the caller says something generic instead.
 */
export function browserSafeText(text: string): string | undefined {
  const line = text.trim();
  // A server's words with what escapeControls would escape (line breaks, terminal escapes, bidirectional controls
  // that would reorder the page's words after the message, invisible characters that would pass words unseen, tags
  // spelling instructions for a model the page's words are pasted into) are not shown.
  if (line === '' || hasControls(line) || internals.test(line)) return undefined;
  for (const [, host] of line.matchAll(urls)) if (!isGroqHost(host!)) return undefined;
  for (const [host] of line.matchAll(hosts)) if (!isGroqHost(host)) return undefined;
  return cutAtWord(redactSecrets(line).replace(organizationId, ''), 300);
}

/** `text` cut to at most `maxLength` characters at a word boundary, with an ellipsis: words for a person, not a log. */
function cutAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > maxLength / 2 ? cut.slice(0, space) : cut}…`;
}

function isGroqHost(host: string): boolean {
  return /(^|[.@])groq\.com$/i.test(host);
}

// The set escapeControls escapes, without the global flag, whose `lastIndex` would make one `test()` depend on
// the one before (with `u`, as there: a lone surrogate is one, a pair none). Here, not in escape-controls.ts, which a
// page loads up front: only the relays check for them.
const anyControl = new RegExp(controls.source, 'u');

/** Whether `text` holds a character {@link escapeControls} writes as an escape (a tab is none). */
function hasControls(text: string): boolean {
  return anyControl.test(text);
}
