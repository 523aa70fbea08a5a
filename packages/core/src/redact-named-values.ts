import { isCredentialName } from './is-credential-name.js';
import { isPropertySchemaText } from './property-schema.js';

// A logprob entry of a chunk, `{"token":"Hi","logprob":-0.01,…}`, names the text of a model's token `token`:
// no credential, yet the `token: value` pattern below took it for one, so that the data of a
// StreamInvalidDataError, and the excerpts of chunks in messages, showed `"token":"[redacted]"` for every
// token a model wrote. The name `token` is left alone when it sits beside a `logprob` number in JSON,
// before it (Groq's and OpenAI's order: token, logprob, bytes) or after it (a proxy that sorts the names).
// No server puts a credential there; and a key that is a logprob's token is still redacted by its value
// (a Groq key's shape, a remembered key), as everywhere. Anywhere else, `token` is redacted as before:
// `?token=…`, `"token": "…"` in an echoed body or header. Narrower than dropping the name: what is
// exempt must be both JSON and a logprob entry, and the name `token` alone (`"access_token"` beside a
// `logprob` is still a credential).
const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
// The same JSON quoted in a JSON string (an excerpt of a chunk in an error's message, whose message is redacted as
// a whole): its quotes escaped, and its string's escapes escaped again (see escapedQuotedValue).
const escapedJSONString = String.raw`\\"(?:[^\\"]|\\\\\\\\|\\\\\\"|\\\\[^\\"]|\\[^\\"])*\\"`;
// After it: only a name that is `token` whole (in quotes: `"x-auth-token"` is a credential's), and a number's start.
const logprobAfter = String.raw`(?!(?<="token)"\s*:\s*${jsonString}\s*,\s*"logprob"\s*:\s*[-\d]|(?<=\\"token)\\"\s*:\s*${escapedJSONString}\s*,\s*\\"logprob\\"\s*:\s*[-\d])`;
const logprobBefore = String.raw`(?<!"logprob"\s*:\s*[-+\d.eE]+\s*,\s*"|\\"logprob\\"\s*:\s*[-+\d.eE]+\s*,\s*\\")`;

// The names whose value is a credential, with `token` as given (see above), also ending a name that other words
// are joined to, with `_` or in camelCase (`OPENAI_API_KEY`, `refresh_token`, `clientSecret`, `dbPassword`):
// `\b` finds no start of a word after a `_` or inside a word, so an echoed environment, OAuth body or JavaScript
// object showed them. The name must end there: `prompt_tokens`, `maxTokens` and `cookies` are counts. A cookie
// holds a session. One list for text (`name: value`) and for the names of parsed objects and headers
// (isSecretName), so that both hide the same values; `pass` before `key` must start a word too (see isPassInsideWord).
// `passwd` (a DSN's, MySQLdb's), `passphrase` (a private key's, Node's TLS option) and `passkey` name nothing else. Then
// the names that a request's header is a credential's by (isCredentialName), which were shown here: a passcode,
// credentials (not AWS's `X-Amz-Credential`, an access key's id in a presigned URL, beside the signature that is hidden),
// a session's `sid` (`connect.sid`), and a PIN, a one-time password or an MFA code where the word ends the
// name or comes before the word for its value (`pin`, `totp`, `mfa_code`, `otpCode`, `pin_number`). The pattern finds
// where one may end (byWords); isCredentialName reads the name's words, so that `spin`, `ssid`, `pin_version` and
// `otp_length` stay shown, as in a header. Fetch's `credentials: 'include'`, which a fetch wrapper's error keeps, and the
// words after `credentials:` in a sentence stay too (see valueSpan). Left out, as names that also hold what is no
// credential and would be hidden from those who debug with it: `pwd` (the working directory, `PWD` in an echoed
// environment) and `session`, `session_id`, `sessionId` (a chat's or a tracer's id, a Realtime session, a count). A
// session's cookie is hidden as a cookie; a `sessionToken` by its token.
const byWords = String.raw`passcode|credentials|sid|(?:pin|otp|mfa)(?:[_-]?(?:id|code|number|value)s?)?`;
const byWordsEnd = new RegExp(`(?:${byWords})$`, 'i');
const secretNames = (token: string): string =>
  String.raw`[a-z0-9_]*(?:(?:api|access|secret|private|pass)[_-]?key|authorization|${token}|secret|passw(?:or)?d|passphrase|cookie|${byWords})`;

// `compass_key`, `COMPASS_KEY`, `compassKey`, `bypass_key`: `pass` inside a word, whose `_key` is no pass key. Told
// apart by case, which the `i` patterns cannot see: a `pass` that follows a letter starts a word only as a camelCase
// hump (`trackerPassKey`). The other words before `key` count anywhere (`groqapikey` is an API key).
const passKeyEnd = /([a-z])?(pass)[_-]?key$/i;

function isPassInsideWord(name: string): boolean {
  const found = passKeyEnd.exec(name);
  if (found?.[1] === undefined) return false;
  const camelHump = /[a-z]/.test(found[1]) && found[2]!.startsWith('P');
  return !camelHump;
}

/** Whether a name that secretNames matched is a credential's by its words too (see isPassInsideWord, byWords). */
function isNamedByWords(name: string): boolean {
  return !isPassInsideWord(name) && (!byWordsEnd.test(name) || isCredentialName(name));
}

// A name that ends in one of them, as in text: `x-api-key`, `X-Auth-Token`, `Proxy-Authorization`, `clientSecret`,
// `set-cookie`; not `x-ratelimit-remaining-tokens`, nor `prompt_tokens`.
const secretName = new RegExp(`(?:^|\\W)(?:${secretNames('token')})$`, 'i');

/** A name under which a list of strings is one of headers' names and values (`rawHeaders`, `headers`, `headerList`, `rawTrailers`). */
export const headersName = /header|trailer/i;

/** A field's name as a list of names holds it (`password`, `api_key`): not a flag (`--password`) nor a path (`a.password`). */
export function isPlainName(item: string): boolean {
  return /^[a-z_$][\w$-]*$/i.test(item);
}

/**
 * Whether a value is a credential by its name alone, as `name: value` is in text for `redactSecrets`: a
 * field of a parsed body or a header (`password`, `x-api-key`, `Authorization`). A logprob entry's `token`
 * is the caller's to tell apart (see `logprobAfter`).
 */
export function isSecretName(name: string): boolean {
  return secretName.test(name) && isNamedByWords(name);
}

// Fetch's credentials mode (`credentials: 'include'`), as a fetch wrapper's error keeps its options: no credential.
const credentialsName = /credentials$/i;
const credentialsMode = /(\\?["'\x60]|)(?:include|omit|same-origin)\1(?![\w-])/y;

/** Whether `value` under `name` is fetch's credentials mode (`include`, `omit`, `same-origin`), which names no credential. */
export function isCredentialsMode(name: string, value: string): boolean {
  return credentialsName.test(name) && matchAt(credentialsMode, value, 0) === value;
}

// A credential's name and what separates it from its value: `:` or `=` (JSON, headers, environments, queries), or
// `=>` (a Map as util.inspect writes it, which left the value after its `>`), after the name's closing quote, or an
// escaped one (JSON quoted in a JSON string).
// Spaces, not a line break: what follows one is measured in valueSpan. Or, in a list, a quoted name's `', '` before a
// quoted value: headers as pairs (fetch's `[['x-api-key', '…']]`) or flat (Node's rawHeaders, `[ 'Cookie', '…', … ]`),
// whose values were shown (a list of names in quotes, `["password", "user"]`, is taken for a pair too).
const namedValue = new RegExp(
  String.raw`\b(${secretNames(`(?:(?<=[a-z0-9_])token|${logprobBefore}token${logprobAfter})`)})((?:\\?["'\x60])?[^\S\r\n]*(?:=>|[:=])[^\S\r\n]*|(?<=[[,]\s*["'][\w.-]*)["']\s*,\s*(?=["']))`,
  'gi',
);

/**
 * `text` with the value after every credential's name (`password: …`, `"x-api-key": "…"`, `Cookie: …`) replaced
 * by `[redacted]`: all of the value, whatever its shape (see {@link valueSpan}), and nothing after it.
 */
export function redactNamedValues(text: string): string {
  let redacted = '';
  let copied = 0;
  const namesLists = new NamesLists(text);
  const schemas: Schemas = { from: 0 };
  namedValue.lastIndex = 0;
  for (let found = namedValue.exec(text); found !== null; found = namedValue.exec(text)) {
    const [whole, name, separator] = found as unknown as [string, string, string];
    if (!isNamedByWords(name)) {
      // Looked for again from the next character: a credential's name may follow inside what came after it.
      namedValue.lastIndex = found.index + 1;
      continue;
    }
    const start = found.index + whole.length;
    if (listSeparator.test(separator) && isPlainName(name) && text[found.index - 1] === separator[0] && matchAt(quotedPlainName, text, start) !== undefined && namesLists.holds(found.index)) {
      namedValue.lastIndex = start;
      continue;
    }
    const span = valueSpan(text, start, found.index, name, separator, schemas);
    if (span === null) {
      namedValue.lastIndex = start;
      continue;
    }
    redacted += `${text.slice(copied, span[0])}[redacted]`;
    copied = span[1];
    namedValue.lastIndex = span[1];
  }
  return copied === 0 ? text : redacted + text.slice(copied);
}

type Span = [from: number, to: number];

// Where an object may next be taken for a property's schema (see bracketSpan): not inside one that was, whose strings
// are read again for names and values, so that no text is read again for schemas inside it, one in another.
interface Schemas {
  from: number;
}

// The separator of a name in a list of strings from the value after it (`', '`), as namedValue finds it.
const listSeparator = /^["']\s*,/;
// What follows it in a list of names: another name (see isPlainName).
const quotedPlainName = /(["'])[a-z_$][\w$-]*\1/iy;

// A list of strings under a name (`required: ['password', 'user']`, `"enum":["a","b"]`, `fields = [...]`), from its
// `[` over its strings. Each word is tried as a name once (not from inside it), and each string read once.
const namedStringList = /(?<![\w$.-])([\w$.-]+)\\?["'\x60]?[^\S\r\n]*[:=][^\S\r\n]*(\[)\s*(?:(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')\s*(?:,\s*)?)*/dg;

/**
 * The lists of strings in a text that are lists of names, under another name than headers' (see headersName): a
 * JSON Schema's `required: ['password', 'user']` was read as header pairs, its second name taken for the first's
 * value and hidden. Found when first asked, with one pass over the text; asked in the text's order.
 */
class NamesLists {
  #spans: Span[] | undefined;
  #next = 0;

  constructor(private readonly text: string) {}

  /** Whether `index` (asked in increasing order) is inside such a list. */
  holds(index: number): boolean {
    this.#spans ??= this.#find();
    while (this.#next < this.#spans.length && this.#spans[this.#next]![1] <= index) this.#next++;
    const span = this.#spans[this.#next];
    return span !== undefined && span[0] < index;
  }

  #find(): Span[] {
    const spans: Span[] = [];
    for (const found of this.text.matchAll(namedStringList)) {
      if (!headersName.test(found[1]!)) spans.push([found.indices![2]![0], found.index + found[0].length]);
    }
    return spans;
  }
}

// The value in quotes, up to the closing one (not an escaped one) or the end of the line, so that `"ab\"cd"` and
// `"two words"` go whole and the JSON around stays valid. In backquotes too: util.inspect writes a string with both
// kinds of quotes in it so (`` `it's "q"` ``), and what followed its first quote was shown. Each character is read
// once (unrolled loops, nothing to backtrack into), so a megabyte without a closing quote stays quick.
const quotedValues = {
  '"': /[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*/y,
  "'": /[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*/y,
  '`': /[^`\\\r\n]*(?:\\.[^`\\\r\n]*)*/y,
} as const;

// A value in escaped quotes: JSON quoted in a JSON string, `{\"password\":\"…\"}`, where a value was not found at
// all (the name's escaped quote was no separator). Its end is the `\"` that ends the inner string; before it, in turn:
// the backslashes that stand for one of the inner string's (`\\\\`), its escaped quotes (`\\\"`), its other escapes
// (`\\n`) and the outer string's own (`\n`). A value with a quote in it goes whole.
const escapedQuotedValue = /(?:[^\\"\r\n]|\\\\\\\\|\\\\\\"|\\\\[^\\"]|\\[^\\"])+/y;

// Else up to white space or punctuation, and before an escaped quote, the end of the JSON string it is in
// (`password=ab` in `"…password=ab\"…"`), rather than taking its backslash and leaving the string open.
const unquotedValue = /(?:(?:Bearer|Basic|Token)\s+)?(?:[^\s"',;&\\]|\\[^\s"'])+/iy;

// AWS's `x-amz-mfa` (S3's MFA delete) is the MFA device's serial, a space, and the code the device shows: the value
// above ended at the space, and the code was shown. Under a name that ends in `mfa`, a code of digits after the word on
// the same line goes with it; any other word after it stays, as after any value.
const mfaName = /mfa$/i;
const mfaValue = new RegExp(String.raw`${unquotedValue.source}(?:[^\S\r\n]+\d{6,8}(?!\w))?`, 'iy');

// A credential that a pass before this one found whole, by its shape (a Groq key's, `gsk_[redacted]`) or its value (a
// remembered key, `[redacted]`), before punctuation (`:` `.` `!` `?` `)` `]` `}`, one or more) and white space, a
// quote or the end: the value is the marker, and the punctuation the sentence's. Read as a word, the value took it along
// (`token=gsk_…: x` read `token=[redacted] x`, `(token=gsk_…)` lost its `)`). The marker's rule knew where the
// credential ends (a Groq key is letters and digits), so the punctuation is none of it. Only after a marker: a value
// read here (`password=hunter2: x`) keeps its last character hidden, as a password may end in any, and its rule
// cannot tell. Not `,` nor `;`, which end a word's value anyway and in an Authorization line may start its next
// parameter or header (fetch joins two with `, `). Also for the `Bearer` and query patterns (redact-secrets.ts).
const sentencePunctuation = String.raw`[:.!?)\]}]+(?:[\s"'\x60]|\\[nrt"]|$)`;
export const markerBeforePunctuation = String.raw`(?:gsk_)?\[redacted\](?=${sentencePunctuation})`;
const markerValue = new RegExp(String.raw`(?:(?:Bearer|Basic|Token)\s+)?${markerBeforePunctuation}`, 'iy');

// What may follow a list, an object or a marker (`[redacted]`, which the list's rule reads) as the value's end: white
// space, a quote, what ends a word's value, a closing bracket (JSON's `"a":{"password":[…]},`), the sentence's
// punctuation (above). Anything else glued to it (`password=[redacted]XYZ`, a password that holds a remembered key and
// more) is more of the value, read as a word: it was shown.
const afterList = /[\s"',;&\\)\]}]/y;
const sentencePunctuationAt = new RegExp(sentencePunctuation, 'y');

// An `Authorization` (or `Proxy-Authorization`) value is a scheme and its credentials, which may be a list of
// parameters apart by spaces and commas, some in quotes: Digest's (`username="u", response="6629fae…"`) and AWS's
// (`Credential=…, SignedHeaders=…, Signature=…`) showed all but the scheme's word. So the whole line, whatever the
// scheme: up to a line break (or a JSON string's `\n`), a `&` (a query's next value), a `}` or `]` (the end of an
// object or list it is in), or a quote that is not a parameter's (the end of a string it is in). A parameter's
// quotes (after `=`, escaped in a JSON string too) are read to their closing one, which a space, a `,` or the end
// must follow: a base64 credential's padding before a string's closing quote (`Basic ZA=="}`) opens none.
// Not closed (an excerpt cut there): to the line's end, or the text's, when no quote, `}` or `]` comes first; what
// followed the quote was shown. A marker (`[redacted]`, a credential found before) is read whole: its `]` ended the
// value, so `Bearer gsk_[redacted]` was replaced and its `]` left (`[redacted]]`), and the parameters after a
// redacted one (`key=[redacted] sig=…`) were shown.
const authorizationLine = new RegExp(
  String.raw`(?:\[redacted\]|[^"'\\&}\]\r\n]|(?<==)"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"(?=[\s,]|$)|(?<==)\\"${escapedQuotedValue.source.replace(/\+$/, '*')}\\"(?=[\s,"]|\\[nr]|$)|(?<==)"[^"\\\r\n}\]]*(?:\\.[^"\\\r\n}\]]*)*(?=[\r\n]|$)|(?<==)\\"(?:[^\\"\r\n}\]]|\\\\\\\\|\\\\\\"|\\\\[^\\"]|\\[^\\"nr])*(?=\\[nr]|$)|\\[^"'nr\r\n])+`,
  'y',
);

// Advice after the word, not a value (`Invalid authorization: please set GROQ_API_KEY`), which the line above hid to its
// end: two words of lowercase letters, the second short, neither a parameter. A scheme is a value's first word, in
// lowercase too (HTTP's are case-insensitive: `bearer abcdefgh`), as are the schemes of HTTP's registry.
const authorizationProse =
  /(?!(?:bearer|basic|token|digest|negotiate|ntlm|hoba|mutual|oauth|vapid|apikey|key)[^\S\r\n])[a-z]{2,}[^\S\r\n]+[a-z]{2,12}(?![\w=.~+/-])/y;

// A `Cookie` header holds several credentials apart by `;`, which ends a value above: the whole line goes, up to a
// quote (the end of a JSON string it is in). So for any name that ends in `cookie` (`setCookie: a=1; sid=…`,
// `my_cookie=…`, `headers.cookie = …`): only a `Cookie:` line was, and the others showed every cookie after the
// first. A `Set-Cookie`'s attributes after the first `;` are no secret, but which kind of list a name holds is not
// known here, and fetch's `Headers` joins several `set-cookie` lines with `, `.
const cookieLine = /[^\s"'\\][^\r\n"'\\]*/y;

// A number or literal after a name in JSON quotes ends where JSON says, before a `,` `}` or `]`: the cookie's line
// above took the `,` after `"cookie":5`, the value above the `}` after `"password":5`.
const jsonScalar = /(?:-?\d[\d.eE+-]*|true|false|null)(?=[^\S\r\n]*(?:[,}\]]|$))/y;

// A system's error for a file named as a credential (`open /etc/passwd: permission denied`, Go's and strerror's
// words; the `passwd` command's `passwd: Permission denied.`): no value, which the error's first word was taken for.
// By the words, not by a `/` before the name: a secret store's parameter is a path too (`/prod/db/password: x`).
const systemError =
  /(?:permission denied|access is denied|operation not permitted|no such file or directory|file does not exist|file exists|file already exists|is a directory|not a directory|read-only file system|too many open files|input\/output error|device or resource busy|no space left on device)(?![\w/-])/iy;

// No credential: JSON's and JavaScript's null, undefined, true and false (`"api_key": null`, util.inspect's
// `{ apiKey: undefined }`), which say whether one was given, and redactSecretsDeep keeps: hidden, the error no longer
// told a key not set from a key refused. After `:` or a Map's `=>` only, and as the whole value (up to what ends one
// in JSON or JavaScript, the line, or the string it is in): after `=` (an environment's, a query's) it is a string, and
// may be anyone's password.
const notGiven = /(?:null|undefined|true|false)(?=[^\S\r\n]*(?:[,}\])"'\r\n]|\\[nr"]|$))/y;

// MySQL's and MariaDB's `Access denied for user 'app'@'host' (using password: YES)`, or NO: whether a password was
// sent, the one part of the message that tells a wrong password from a missing one. Only there, with its parenthesis.
const passwordUse = /(?:YES|NO)(?=\))/y;

// Words after `credentials:` in a sentence, not a value: this SDK's advice ("sends no credentials: set baseURL to …", "asks
// for credentials: put them in its URL …") and a server's ("Invalid credentials: please check …"), whose first word was
// hidden. A word of lowercase letters, then another on the line; a value is one word (`user:pw`, base64, a key).
const wordsAfter = /[a-z]+[^\S\r\n]+[a-z]/y;

// YAML's block scalar indicator (`password: |`), whose value is on the lines indented under it.
const blockIndicator = /[|>][-+1-9]*[^\S\r\n]*(?=[\r\n]|$)/y;

const matchAt = (pattern: RegExp, text: string, at: number): string | undefined => {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
};

/**
 * Where the value after a credential's name and `separator` starts and ends (from `start`), or `null` for none: in
 * quotes, to the closing one; a list or an object, to its closing bracket; in a JSON name's quotes, a number or a
 * literal; a cookie's line; nothing on the line, the lines indented under the name (YAML's); else a word.
 */
function valueSpan(text: string, start: number, nameStart: number, name: string, separator: string, schemas: Schemas): Span | null {
  const first = text[start];
  if (first === undefined || first === '\r' || first === '\n') return indentedSpan(text, start, nameStart);
  const block = matchAt(blockIndicator, text, start);
  if (block !== undefined) return indentedSpan(text, start + block.length, nameStart);
  if (credentialsName.test(name) && (matchAt(credentialsMode, text, start) !== undefined || (separator[0] === ':' && matchAt(wordsAfter, text, start) !== undefined))) return null;
  if (text.startsWith('\\"', start)) return spanOf(escapedQuotedValue, text, start + 2);
  if (first === '"' || first === "'" || first === '`') return spanOf(quotedValues[first], text, start + 1);
  const cookie = /cookie$/i.test(name);
  const authorization = /authorization$/i.test(name);
  // A cookie's line is hidden whole, whatever it starts with.
  const marker = cookie ? undefined : matchAt(markerValue, text, start);
  if (marker !== undefined) return [start, start + marker.length];
  if (first === '[' || first === '{') {
    const span = bracketSpan(text, start, name, schemas);
    return authorization ? withLineRest(span, text) : withGluedRest(span, text);
  }
  if (/[:>]/.test(separator) && matchAt(notGiven, text, start) !== undefined) return null;
  if (name === 'password' && text.endsWith('(using ', nameStart) && matchAt(passwordUse, text, start) !== undefined) return null;
  if (/^\\?"/.test(separator) && separator.includes(':')) {
    const scalar = matchAt(jsonScalar, text, start);
    if (scalar !== undefined) return [start, start + scalar.length];
  }
  if (cookie) return spanOf(cookieLine, text, start);
  if (matchAt(systemError, text, start) !== undefined) return null;
  if (authorization) return matchAt(authorizationProse, text, start) === undefined ? trimmedSpanOf(authorizationLine, text, start) : null;
  return spanOf(mfaName.test(name) ? mfaValue : unquotedValue, text, start);
}

/** `span` (a list's, an object's), and what is glued after it (see afterList). */
function withGluedRest(span: Span | null, text: string): Span | null {
  if (span === null || span[1] === text.length) return span;
  if (matchAt(afterList, text, span[1]) !== undefined || matchAt(sentencePunctuationAt, text, span[1]) !== undefined) return span;
  const rest = matchAt(unquotedValue, text, span[1]);
  return rest === undefined ? span : [span[0], span[1] + rest.length];
}

// What follows a list, an object or a marker under an `Authorization` name where it is a field's whole value, in JSON,
// util.inspect's output or a query: after white space or none, a `,` (not before a parameter, `, sig=…`), a closing
// bracket, a `&`, a quote, a line break (a JSON string's `\n` too) or the end. Else the line goes on with more of the header.
const fieldEnd = /[^\S\r\n]*(?:,(?![^\S\r\n]*[\w-]+=)|[}\]&"'\r\n]|\\[nr"]|$)/y;

/**
 * `span` (a list's, an object's, a marker's under an `Authorization` name), and the rest of the line after it when that
 * is more of the header: a marker (a remembered credential that was the value's first word) before the parameters
 * that followed it (`Authorization: [redacted] sig=…`) showed them, where the same header with a scheme before the
 * marker (`Custom key=[redacted] sig=…`) is hidden whole (see authorizationLine). Not in JSON (`"authorization":[…],"x":1`)
 * nor before the sentence's punctuation (`authorization: ['a']. Next`), where the value ends at its bracket.
 */
function withLineRest(span: Span | null, text: string): Span | null {
  if (span === null || matchAt(fieldEnd, text, span[1]) !== undefined || matchAt(sentencePunctuationAt, text, span[1]) !== undefined) return span;
  const rest = matchAt(authorizationLine, text, span[1])?.trimEnd() ?? '';
  return [span[0], span[1] + rest.length];
}

/** As spanOf, less the white space at the value's end (before the line break, or the string's end). */
function trimmedSpanOf(pattern: RegExp, text: string, at: number): Span | null {
  const value = matchAt(pattern, text, at)?.trimEnd();
  return value === undefined || value === '' ? null : [at, at + value.length];
}

function spanOf(pattern: RegExp, text: string, at: number): Span | null {
  const value = matchAt(pattern, text, at);
  return value === undefined || value === '' ? null : [at, at + value.length];
}

/**
 * A list or an object (JSON's, or util.inspect's, over several lines too) to its closing bracket, brackets in its
 * strings aside: its first character alone was taken for the value, and what it held was shown (`cookie: [ 'sid=…' ]`,
 * `{"api_key":{"value":"…"}}`). Not closed (an excerpt cut short): to the end of the text. A Text Generation Inference
 * token (`"token":{"id":…,"text":"Hi","logprob":-0.01}`) is what a model wrote, as redactSecretsDeep has it.
 */
function bracketSpan(text: string, start: number, name: string, schemas: Schemas): Span | null {
  const end = closingBracket(text, start);
  if (name.toLowerCase() === 'token' && text[start] === '{' && /logprob\\?["']?\s*:\s*-?\d/.test(text.slice(start, end))) return null;
  if (text[start] === '{' && start >= schemas.from && isPropertySchemaText(text, start, end)) {
    schemas.from = end;
    return null;
  }
  return [start, end];
}

/** The index after the bracket that closes the one at `start`, or the text's length. */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const unit = text[index]!;
    if (unit === '[' || unit === '{') depth++;
    else if (unit === ']' || unit === '}') {
      depth--;
      if (depth === 0) return index + 1;
    } else if ((unit === '"' || unit === "'" || unit === '`') && /[\s[{,:(>]/.test(text[index - 1]!)) {
      // A string: a quote where one starts in JSON and util.inspect's output, not an apostrophe in a word (`don't`).
      index = stringEnd(text, index + 1, unit);
    } else if (unit === '\\') index++;
  }
  return text.length;
}

/** The index of the quote that closes a string started before `from`, or of the line break or end that cuts it short. */
function stringEnd(text: string, from: number, quote: string): number {
  for (let index = from; index < text.length; index++) {
    const unit = text[index];
    if (unit === quote || unit === '\n' || unit === '\r') return index;
    if (unit === '\\') index++;
  }
  return text.length;
}

/**
 * Nothing after the name on its line (or a block scalar's `|`): the value is on the lines after it indented deeper
 * than the name's, as YAML has it (`password:\n  hunter2`), from the first's text to the last's end. The line after
 * was taken for the value whatever it was (`no_cookie:\nnext line`, `Cookie:\r\nHost: …`, a key beside it), and a
 * block scalar's lines were shown.
 */
function indentedSpan(text: string, lineEnd: number, nameStart: number): Span | null {
  // The first line after with text in it, which must be indented deeper than the name's line.
  blankRun.lastIndex = lineEnd;
  const from = lineEnd + blankRun.exec(text)![0].length;
  if (from === text.length || from === lineEnd) return null;
  const nameIndent = indentAt(text, nameStart);
  if (indentAt(text, from) <= nameIndent) return null;
  // Up to the next line with text in it indented no deeper than the name's, less the line breaks before it.
  const shallower = new RegExp(String.raw`[\r\n][^\S\r\n]{0,${nameIndent}}(?=[^\s])`, 'g');
  shallower.lastIndex = from;
  const next = shallower.exec(text)?.index ?? text.length;
  return [from, from + text.slice(from, next).trimEnd().length];
}

const blankRun = /\s*/y;

/** How far the line that holds `index` is indented, up to `index`. */
function indentAt(text: string, index: number): number {
  let lineStart = index;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let indent = lineStart;
  while (indent < index && /[^\S\r\n]/.test(text[indent]!)) indent++;
  return indent - lineStart;
}
