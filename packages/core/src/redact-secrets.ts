import { isGroqPrefixStart } from './is-groq-prefix-start.js';
import { markerBeforePunctuation, redactNamedValues } from './redact-named-values.js';

// A Groq key's `gsk_`, also with letters written as JSON escapes or percent-encoded (`\u0067sk_`, `gsk%5F`), as
// an echo of a body quoted as text, or an over-eager URL encoder, writes them; in capitals too (`\u0047SK_`), as a
// key in capitals is redacted. Or as JavaScript's hex escapes (`gsk\x5f`), and the `_` as an HTML entity (`gsk&#95;`,
// `gsk&#x5f;`, or named: `gsk&lowbar;`, `gsk&UnderBar;`), as a page or a Markdown renderer that echoes a key writes
// it: the key after them was shown. Its letters as entities too (`&#103;sk_`, `&#x67;&#x73;…`), as a page that
// escapes every letter writes them.
// Each of its four characters is an alternation of its spellings, for the split-key guard's too (groqPrefixUnits).
const groqPrefixUnitsWith = (backslash: string): string[] => [
  `g|${backslash}(?:u00|x)[46]7|%[46]7|&#0{0,4}(?:103|71);|&#x0{0,4}[46]7;`,
  `s|${backslash}(?:u00|x)[57]3|%[57]3|&#0{0,4}(?:115|83);|&#x0{0,4}[57]3;`,
  `k|${backslash}(?:u00|x)[46]b|%[46]b|&#0{0,4}(?:107|75);|&#x0{0,4}[46]b;`,
  `_|${backslash}(?:u00|x)5f|%5f|&#0{0,4}95;|&#x0{0,4}5f;|&lowbar;|&underbar;`,
];
export const groqPrefixWith = (backslash: string): string => groqPrefixUnitsWith(backslash).map((unit) => `(?:${unit})`).join('');
const groqPrefix = groqPrefixWith('\\\\');
/**
 * The spellings of each character of a Groq key's `gsk_` in text, as patterns (to match case-insensitively): the
 * split-key guard follows a key that chunks split as the redaction of one chunk reads it.
 */
export const groqPrefixUnits: readonly string[] = groqPrefixUnitsWith('\\\\');
// A letter or digit of a key's secret part written so: an encoder that escapes the prefix escapes the rest, and the
// key was redacted up to its first escape, or not at all (`\u0067\u0073\u006b\u005f\u0041…`, `%67%73%6B%5F%41…`).
// Nothing else escaped: `%20` after a key is a space, not more of it.
// As HTML entities too, decimal or hex (`&#65;`, `&#x41;`), with their `;`. The split-key guard follows them too.
export const escapedAlphanumeric = String.raw`(?:(?:\\u00|%)(?:3[0-9]|[46][1-9a-f]|[57][0-9a])|&#x0{0,4}(?:3[0-9]|[46][1-9a-f]|[57][0-9a]);|&#0{0,4}(?:4[89]|5[0-7]|6[5-9]|[78]\d|90|9[7-9]|1[01]\d|12[0-2]);)`;

// Credentials a server may echo back in a message, after the values of `name: value` secrets (redactNamedValues):
// Groq keys and secret-looking query parameters; then the user and password in a URL, and tokens after an auth scheme.
const secretPatterns: [RegExp, string][] = [
  // No word boundary before it: an echo may glue it to what came before (`key0gsk_…`, `%20gsk_…`).
  [new RegExp(`${groqPrefix}(?:[\\w.~+/=-]|${escapedAlphanumeric})+`, 'gi'), 'gsk_[redacted]'],
  // A signature's name may be prefixed, as a presigned URL's is (`X-Amz-Signature`, `X-Goog-Signature`), which lets
  // anyone with the URL fetch what it names; not the other names (`status_code`). `code` is an OAuth authorization code,
  // only as a URL's parameter (Groq's error objects have a `code`), in its fragment too (response_mode=fragment), and
  // after `&amp;` in a page's URL.
  [new RegExp(String.raw`((?:[?&#]|&amp;)(?:key|sig|signature|auth|code|[\w.-]*[-_.]signature)=)(?:${markerBeforePunctuation}|[^&#\s"']+)`, 'gi'), '$1[redacted]'],
];

// The spaces may be URL-encoded, as in a proxy's dump of the request (`%20Bearer%20…`). Eight characters at least, as
// any credential has: "Basic and developer tiers" is English. A token found whole before (a Groq key's,
// `gsk_[redacted]`) keeps the punctuation after it (see markerBeforePunctuation): `Bearer gsk_…: text` lost its `:`.
// Any other token keeps its last character hidden: an unsecured JWT ends in `.`.
// Last, after the passes that put markers in a token (`Basic ?key=x`, `Bearer //u:p@h`): a token shorter than eight
// characters before them was one of eight or more after, so that redacting the text again hid more of it.
// Not the end of a longer identifier (OAuth's `client_secret_basic`, `use_bearer`, `oauth2Bearer`), whose next words
// are no token; after white space written as an escape it is a scheme: a URL's (`%20Bearer`, `%0A`, `%09`) or a JSON
// string's (`\nBearer`, `\t`, `\u0020`, a log line quoted in JSON), whose letter or digit ends no identifier.
const schemeToken = new RegExp(String.raw`(?:(?<![a-z\d_])|(?<=%(?:20|09|0a|0d)|\\[nrt]|\\u00(?:20|09|0a|0d)))(Bearer|Basic)(?:\s|%20|\+)+(?:${markerBeforePunctuation}|[^\s"',;&]{8,})`, 'gi');

// What an echo may put between the characters of a key: white space and line breaks (an event's `data:`
// lines are joined with "\n"; a page or a log wraps a long word, and may indent what follows), the same
// written as JSON escapes (\n, \r, \t, in a JSON body quoted as text), and characters that show as
// nothing (soft hyphen, zero-width space and joiners, word joiner, byte-order mark), which a page puts into
// a long word so that it can wrap.
// One definition, from which each pattern below is made, so that the relay's cheap check (mayHoldClientKey)
// and the redaction always agree on what separates.
export const separatorClass = '[\\s\\u00ad\\u200b-\\u200d\\u2060\\ufeff]';
const separator = new RegExp(`${separatorClass}|\\\\[nrt]`);
const separators = new RegExp(`(?:${separator.source})+`, 'g');
const separatorUnit = new RegExp(`^${separatorClass}$`);

/** Whether one character (a UTF-16 unit) may stand between a key's characters in an echo; see `separatorClass`. */
export function isKeySeparator(unit: string): boolean {
  return separatorUnit.test(unit);
}

// The keys of the clients made in this process, and credentials sent in request headers or query
// parameters, for a server that echoes a key in a shape no pattern knows (a proxy's own key, say). Kept
// module-wide because errors are made in many places that never see the client. Two lists, each bounded
// to the 100 most recent, so that per-request credentials (a tenant's key on every request) never push a
// client's own key out. Short keys are left out: a test key like "any" would turn words into
// "m[redacted]". Each is also kept as it reads in a URL, inside a JSON string and in base64, and they are
// replaced longest first, so that a key inside another leaves no tail.
const clientKeys: KnownSecret[] = [];
const requestSecrets: KnownSecret[] = [];
let longestFirst: string[] = [];
/** The same forms without separators in them, for {@link redactAcrossSeparators}; none shorter than a key. */
let joinedLongestFirst: string[] = [];
// Whether the remembered secrets changed since what is looked for was worked out. Worked out when next needed,
// not at each change: with a hundred remembered, it takes about half a millisecond, and one request may remember
// several new ones (a tenant's key, a Cookie's sessions, a Basic credential decoded), each of which paid it.
let formsStale = false;

const maxKnownKeys = 100;
/** The fewest characters of a credential looked for by value: a shorter one (a test key like `any`) would redact words. */
export const minKnownKeyLength = 8;

/** A remembered secret with the forms it is looked for in, worked out once. */
interface KnownSecret {
  key: string;
  forms: string[];
}

/**
 * Makes the SDK hide `key` wherever it appears, whatever its shape, as it hides a client's API key: in error
 * messages and fields, log lines, `redactSecretsDeep`'s copies and relayed frames; also percent-encoded,
 * JSON-escaped, in base64, and split by white space. Every client calls it with its key; `@groq-stream/node`
 * with the credentials of the proxy that `HTTPS_PROXY` or `HTTP_PROXY` names. Call it with a credential the SDK
 * sends without seeing it, which a server may quote back: a proxy's token given to a `fetchOptions.dispatcher`
 * of your own, say. The last 100 are kept; one called again counts as new. One shorter than 8 characters is not
 * kept: it would redact common words.
 *
 * @param key - The credential, as it would be quoted.
 */
export function rememberSecret(key: string): void {
  remember(clientKeys, key);
}

/** Makes {@link redactSecrets} hide a credential that one request sends (a tenant's key in a header). */
export function rememberRequestSecret(value: string): void {
  remember(requestSecrets, value);
}

/**
 * Puts `key` last in `list` (the most recent), dropping the oldest past the bound. A key seen again only
 * moves, and what is looked for stays as it was.
 */
function remember(list: KnownSecret[], key: string): void {
  if (key.length < minKnownKeyLength) return;
  const index = list.findIndex((known) => known.key === key);
  if (index !== -1) {
    list.push(...list.splice(index, 1));
    return;
  }
  if (list.length === maxKnownKeys) list.shift();
  list.push({ key, forms: formsOf(key) });
  formsStale = true;
}

/**
 * Every form of every remembered secret, longest first: a new list each time the remembered secrets change, the
 * same one until then.
 */
export function rememberedForms(): readonly string[] {
  refreshForms();
  return longestFirst;
}

/** Works out `longestFirst` and the lists made from it, when the remembered secrets changed since. */
function refreshForms(): void {
  if (!formsStale) return;
  formsStale = false;
  longestFirst = [...new Set([...clientKeys, ...requestSecrets].flatMap(({ forms }) => forms))].sort((a, b) => b.length - a.length);
  joinedLongestFirst = [...new Set(longestFirst.map((form) => form.replace(separators, '')).filter((form) => form.length >= minKnownKeyLength))].sort(
    (a, b) => b.length - a.length,
  );
}

/**
 * `key` as it is, as it reads in a URL, inside a JSON string and in base64; and, for a key with a public
 * prefix (`gsk_…`, `sk-…`), its secret part alone, which a server may quote without the prefix.
 */
function formsOf(key: string): string[] {
  const forms = [key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1), base64(key)];
  // Sixteen characters at least, so that no common word is taken for the rest of a key.
  const rest = /^[a-z]{2,8}[_-]([^\s]{16,})$/i.exec(key)?.[1];
  if (rest !== undefined) forms.push(rest, encodeURIComponent(rest), JSON.stringify(rest).slice(1, -1));
  return forms;
}

/** The key as a `Basic` credential carries it, when it can be encoded. */
function base64(key: string): string {
  try {
    return btoa(key);
  } catch {
    return key; // not Latin-1: no `Basic` credential holds it as it is
  }
}

/** `text` with every credential it echoes replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let redacted = redactNamedValues(redactBase64GroqKeys(redactKnownKeys(text)));
  for (const [pattern, replacement] of secretPatterns) redacted = redacted.replace(pattern, replacement);
  return redactUserinfoWithoutScheme(redacted.replace(urlUserinfo, redactURLUserinfo)).replace(schemeToken, '$1 [redacted]');
}

// The user and password in a URL. To the last `@` before the host's end: a password may hold an `@` that was not
// encoded, which curl reads so, and what followed its first `@` was shown. Not past a `/`, `?` or `#`:
// `https://host/users/bob@example.com` has none.
// Or a user, a `:` and a password with a `/`, `?` or `#` in it, not encoded (`//u:pa/ss@host`), or in quotes (`//u:"p w"@h`),
// to the first `@` that a host and its end follow: an `@` in the password (`//u:pa/ss@word@host`) has none after
// it, and what followed it was shown. Not past another `//` or white space; a port is told apart by redactURLUserinfo.
const hostEnd = String.raw`(?:[\w.-]+|\[[\w:.%]*\])(?::\d*)?(?:[/?#\s"'<>]|$)`;
const urlUserinfo = new RegExp(
  String.raw`(\/\/)(?:[^/?#\s"'<>]+|([^/?#\s"'<>:@[\]]*):(?:"(?:[^"\r\n/]|\/(?!\/))*"|'(?:[^'\r\n/]|\/(?!\/))*'|((?:[^\s"'<>@/]|\/(?!\/)|@(?!${hostEnd}))+)))@`,
  'g',
);

/**
 * A URL's user and password replaced, unless what was taken for them is a host and its port before a path, a query or
 * a fragment (`//host:8443/users/bob@example.com`, `//db:5432/app?user=bob@corp.com`). A password of digits before a
 * `/` reads the same (`//user:1234/5678@host`): a port it is when the number is one (up to 65535) and the name before
 * it is a host's (a dot in it, or localhost), or what follows the `/` is a path's (another `/`, a query); the other way,
 * the password was shown. A host named by one word (a container's, `//api:8080/bob@example.com`) loses its port and
 * path so, which is the price: no form tells them apart.
 */
function redactURLUserinfo(match: string, slashes: string, user: string | undefined, password: string | undefined): string {
  const port = password === undefined ? null : /^(\d+)([/?#])/.exec(password);
  if (port !== null && port[1]!.length <= 5 && Number(port[1]) <= 65535) {
    const hostLike = user!.includes('.') || /^localhost$/i.test(user!);
    if (port[2] !== '/' || hostLike || /[/?#&=]/.test(password!.slice(port[0].length))) return match;
  }
  return `${slashes}[redacted]@`;
}

// A Groq key in base64, as a config dump, a token that wraps it or a proxy's log writes it outside a `Basic` header (the
// pattern above takes that one): only this process's keys were found so, by value. `gsk_` is written one of three ways,
// by where it falls in the groups of three bytes that base64 writes as four characters, the first and last of which
// also hold the bytes around it: `Z3NrX` and a character that starts a letter or digit, `…dza1` and 8 or 9, `…nc2tf`.
// What holds one is decoded, and hidden whole if it holds a Groq key's shape: a placeholder's (`gsk_your_key`), or
// other data that holds the letters, stays.
const base64GroqPrefix = /Z3NrX[z0-3]|[GWm2]dza1[89]|nc2tf/g;
const base64Before = /[A-Za-z0-9+/_-]/;
const base64After = /[A-Za-z0-9+/_-]*={0,2}/y;
const decodedGroqKey = /gsk_[a-z0-9]{20}/i;
const minBase64GroqKeyLength = 32;

function redactBase64GroqKeys(text: string): string {
  let redacted = '';
  let copied = 0;
  base64GroqPrefix.lastIndex = 0;
  for (let found = base64GroqPrefix.exec(text); found !== null; found = base64GroqPrefix.exec(text)) {
    // The whole run of base64 the prefix is in; each character is read once, as a run ends where the next begins.
    let start = found.index;
    while (start > copied && base64Before.test(text[start - 1]!)) start--;
    base64After.lastIndex = found.index;
    const end = found.index + base64After.exec(text)![0].length;
    base64GroqPrefix.lastIndex = end;
    // Shorter than `gsk_` and 20 characters after it in base64: no key's shape to find.
    if (end - start < minBase64GroqKeyLength || !holdsGroqKey(text.slice(start, end))) continue;
    redacted += `${text.slice(copied, start)}[redacted]`;
    copied = end;
  }
  return copied === 0 ? text : redacted + text.slice(copied);
}

/** Whether `run` decodes to a Groq key's shape, read from each of the four places its groups may start (glued to a word). */
function holdsGroqKey(run: string): boolean {
  const standard = run.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/');
  for (let offset = 0; offset < 4; offset++) {
    const groups = standard.slice(offset);
    try {
      if (decodedGroqKey.test(atob(groups.slice(0, groups.length - (groups.length % 4 === 1 ? 1 : 0))))) return true;
    } catch {
      // not base64 from there
    }
  }
  return false;
}

// A user and password before an `@` with no `//` before them: Go's MySQL DSN (`root:pw@tcp(db:3306)/app`,
// `root:pw@/app`) and a proxy's address with no scheme (`user:pw@proxy:3128`), whose password was shown. Only before
// what such an address has after its `@` (a protocol's `(`, a `/`, a host and port), so that an address
// (`bob@example.com`), an image's digest (`nginx:1.25@sha256:…`) or a time (`10:30@home`) stays.
const userinfoEnd = /@(?=[a-z]\w*\(|\/|[\w.-]+:\d{1,5}(?![\w.]))/gi;
// What ends the user, going back from its `:`: what cannot be in it unencoded, and an `@`.
const userBoundaries = ' \t\n\r\f\v"\'\x60<>()[]{},@';
const isUserBoundary = (unit: string): boolean => userBoundaries.includes(unit) || (unit > '\x7f' && /\s/.test(unit));
// What ends the password, going back from the `@`: white space, an angle bracket, the `@` before (which also keeps
// the walks back from overlapping, so that a megabyte of `a:1@` stays quick) and a string's quote (isStringEdge). Not a
// bracket, a comma or a quote inside it, which a password may hold (`user:pa(ss@tcp(…)`): the walk stopped there,
// found no `:`, and the password was shown. Its
// user starts after what ends a user (above), so that `dial(root:…` and `{"dsn":"root:…` keep what is before it.
const isPasswordBoundary = (unit: string): boolean => ' \t\n\r\f\v<>\x60@'.includes(unit) || (unit > '\x7f' && /\s/.test(unit));

// A quote that starts or ends a string in JSON or util.inspect's output (`"time":"10:30","alias":"@/src"`): the
// password is not read across it, or the strings before an `@` that starts one were taken for a user and password.
// A quote inside a word (`root:p"w@…`, an escaped `\"` in a JSON string) is the password's.
function isStringEdge(text: string, index: number, from: number): boolean {
  const unit = text[index];
  if (unit !== '"' && unit !== "'") return false;
  return index === from || /[\s,:[{(=]/.test(text[index - 1]!) || /[,:\]})]/.test(text[index + 1] ?? '');
}

function redactUserinfoWithoutScheme(text: string): string {
  let redacted = '';
  let copied = 0;
  let floor = 0;
  for (const found of text.matchAll(userinfoEnd)) {
    const at = found.index;
    const from = Math.max(copied, floor);
    floor = at + 1;
    const colon = userinfoColon(text, from, at);
    if (colon === -1 || colon === at - 1) continue;
    let start = colon;
    while (start > from && !isUserBoundary(text[start - 1]!)) start--;
    // A URL's is the pattern's above (`//`).
    if (text.slice(start, at).includes('//')) continue;
    // A name and `=` before the user (`DSN=root:…`) stay.
    const user = start + text.slice(start, colon).lastIndexOf('=') + 1;
    redacted += text.slice(copied, user);
    redacted += '[redacted]';
    copied = at;
  }
  return copied === 0 ? text : redacted + text.slice(copied);
}

/**
 * The `:` between the user and the password that end at `at` (an `@`), not before `from`, or -1: the first that a
 * user's character comes right before. A password in quotes (`root:"p w"@…`) may hold white space: from the quote
 * that opens it, which a `:` must come right before.
 */
function userinfoColon(text: string, from: number, at: number): number {
  const quote = text[at - 1];
  if (quote === '"' || quote === "'") {
    let open = at - 2;
    while (open >= from && text[open] !== quote && text[open] !== '\n' && text[open] !== '\r') open--;
    if (open > from && text[open] === quote && text[open - 1] === ':') return open - 1;
  }
  let start = at;
  while (start > from && !isPasswordBoundary(text[start - 1]!) && !isStringEdge(text, start - 1, from)) start--;
  for (let colon = start + 1; colon < at; colon++) if (text[colon] === ':' && !isUserBoundary(text[colon - 1]!)) return colon;
  return -1;
}

// A Groq key's prefix and at least 20 of the characters of its secret part: shorter, or with other
// characters in it (`gsk_your_key`, `gsk_...`), it is a placeholder in prose, not a key.
// Not into another key glued after it (`gsk_A…gsk_B…`, a list joined with nothing): the first took the second's
// `gsk` as letters of its own and stopped at its `_`, so the second's secret part was left whole after the marker
// (`gsk_[redacted]_B…`). A key's letters end where another's prefix and twenty of its letters begin, each of which is
// looked at once from each place: linear.
const groqKeyUnit = `(?:[a-z0-9]|${escapedAlphanumeric})`;
const groqKeyShape = new RegExp(`${groqPrefix}(?:(?!${groqPrefix}${groqKeyUnit}{20})${groqKeyUnit}){20,}`, 'gi');

// A Groq key is `gsk_` and 52 letters and digits. Pieces of letters and digits after `gsk_`, apart only by
// separators, that make exactly 52 together are one key that an echo split: a key this process never sent,
// so not remembered, of which the shape above would redact only the first piece. Exactly 52, so that a
// placeholder or a key cut short does not take the words after it along.
const groqKeyLength = 52;
// A piece never starts another key: taken as the tail of this one, its prefix was left out of both. Nor runs into one
// glued after it (`gsk_<30>\n<22>gsk_…`): its last piece took the other's `gsk` as letters, made 55, no whole key, and
// was shown. It ends where another key's prefix and twenty of its letters begin, as a key's shape does (groqKeyShape).
const splitGroqKeyUnit = `(?:(?!${groqPrefix}${groqKeyUnit}{20})[a-z0-9])`;
const splitGroqKey = new RegExp(
  `${groqPrefix}${splitGroqKeyUnit}{0,51}(?:${separators.source}(?!${groqPrefix})${splitGroqKeyUnit}+){1,52}`,
  'gi',
);

// The prefix at the start of a match, whose length varies with how it is written.
const groqKeyStart = new RegExp(groqPrefix, 'iy');

/** Whether another key may start at `at`: its whole prefix, or a beginning of it that ends the text. */
function mayStartGroqKey(text: string, at: number): boolean {
  groqKeyStart.lastIndex = at;
  return groqKeyStart.test(text) || isGroqPrefixStart(text, at);
}

function redactSplitGroqKey(match: string, offset: number, text: string): string {
  // An escape's letter (the n of \n) is a separator's, not the key's.
  const piece = /\\[nrt]|[a-z0-9]+/gi;
  groqKeyStart.lastIndex = 0;
  piece.lastIndex = groqKeyStart.exec(match)![0].length;
  let length = 0;
  for (let found = piece.exec(match); found !== null; found = piece.exec(match)) {
    if (found[0].startsWith('\\')) continue;
    length += found[0].length;
    if (length === groqKeyLength) return `gsk_[redacted]${match.slice(piece.lastIndex)}`;
    if (length > groqKeyLength) {
      // The key ends at its 52nd letter where another may start glued after it that splitGroqKeyUnit ends no piece
      // before (it needs `gsk_` and twenty letters): `gsk` ending the text (the split-key guard's chunk that ends a
      // choice, an excerpt cut there), `gsk_` alone or before a few letters. Taken as letters of the last piece, they
      // made 55, no key, and the piece was shown.
      const end = piece.lastIndex - (length - groqKeyLength);
      return mayStartGroqKey(text, offset + end) ? `gsk_[redacted]${match.slice(end)}` : match;
    }
  }
  return match;
}

/**
 * `text` with the keys this process knows (its clients' own, credentials sent in request headers), also
 * when separators split them (white space, line breaks, invisible characters), and whatever has the shape
 * of a real Groq key, whole or split, replaced, and nothing else. For what a model wrote: the
 * patterns of {@link redactSecrets} would also rewrite prose such as `password: hunter2` or
 * `Authorization: Bearer <token>` in an answer that explains an API, which is no credential of ours.
 */
export function redactKnownKeys(text: string): string {
  refreshForms();
  let redacted = text;
  for (const key of longestFirst) if (redacted.includes(key)) redacted = redacted.replaceAll(key, '[redacted]');
  if (joinedLongestFirst.length > 0 && separator.test(redacted)) redacted = redactAcrossSeparators(redacted);
  return redacted.replace(splitGroqKey, redactSplitGroqKey).replace(groqKeyShape, 'gsk_[redacted]');
}

/**
 * Remembered keys (every client's own among them) with separators between their characters (see
 * `separator`): a server that echoes a key over two lines, or spaced out, would otherwise leave the
 * part after the first separator in the message. Only matches that cross a separator are replaced here
 * (separators included); the others are for the passes in {@link redactSecrets}.
 */
function redactAcrossSeparators(text: string): string {
  // The text without its separators, and where each of its characters is in `text`.
  const positions: number[] = [];
  let joined = '';
  let kept = 0;
  const keepUpTo = (end: number): void => {
    for (let index = kept; index < end; index++) positions.push(index);
    joined += text.slice(kept, end);
  };
  for (const run of text.matchAll(separators)) {
    keepUpTo(run.index);
    kept = run.index + run[0].length;
  }
  keepUpTo(text.length);
  const spans: [from: number, to: number][] = [];
  for (const key of joinedLongestFirst) {
    for (let found = joined.indexOf(key); found !== -1; found = joined.indexOf(key, found + key.length)) {
      const from = positions[found]!;
      const to = positions[found + key.length - 1]! + 1;
      if (to - from > key.length) spans.push([from, to]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let redacted = '';
  let end = 0;
  for (const [from, to] of spans) {
    // A span overlapping the one before is swallowed whole: no piece of either key is left between them.
    if (from >= end) redacted += `${text.slice(end, from)}[redacted]`;
    end = Math.max(end, to);
  }
  return redacted + text.slice(end);
}
