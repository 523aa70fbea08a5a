import { isSecretName } from './redact-named-values.js';
import { minKnownKeyLength } from './redact-secrets.js';

// A name is a credential's by its words, not by letters inside one: by letters, the values of `x-idempotency-key`,
// `X-Author`, `?design=`, `X-Keyboard-Layout` and `?monkey=` were remembered and hidden wherever they appeared (every
// error and log line, what a model wrote too), though they are what one debugs with. Words are apart at any character
// but a letter and at a camelCase hump (`clientSecret`, `APIKey`, `X-Hub-Signature-256`). A credential's word stands
// alone or ends a word written without separators (`authtoken`, `csrftoken`, `clientsecret`, `oauth`, `sig`,
// `signature`, `credentials`, `awscredentials`, `totp`, plurals too); `auth` may also start one (`authorization`,
// `authn`) but the author's (`author`, `authority`); `key` ends one only after what makes it a credential's (`apikey`,
// `passkey`), as `monkey`, `turkey` and `hotkey` end so too. A password's word counts anywhere (`dbpassword`, `passwd`,
// `pwd`, `passcode`): nothing else is spelt so, and one must never show. In doubt, hidden (`sort_key`, `x-key-id`), but
// for `key` after `idempotency` (the IETF draft's and Stripe's `Idempotency-Key`, which tells which request was
// repeated) and a name ending in `version`, `method` or `algorithm` (`SignatureVersion`, `oauth_signature_method`),
// which says how a credential was made (`HMAC-SHA1`).
const passwordWord = /passw(?:or)?d|passphrase|passcode|pwd/;
const credentialNameWord = /^(?:auth(?!or(?!i[sz]))[a-z]*|[a-z]*(?:auth|token|secret|sig|signature|credential)s?|(?:[a-z]*(?:api|access|secret|private|pass|auth|app|client|master|license|signing|encryption|subscription|session))?keys?|[a-z]*sess(?:ion)?ids?|(?:pin|otp|mfa)codes?)$/;
const describingWord = /^(?:version|method|algorithm)s?$/;
// Words that name a credential, and also what is said of it in a name that goes on (`session_count`,
// `x-session-affinity`, `pin_version`, `pin_memory`, `otp_length`, `x-mfa-required`, `mfa_device`): a session's id (a
// cookie's `session`, `x-session-id`: in doubt, a tracer's too), a PIN, a one-time password (`totp`, `smsotp`) and
// an MFA code (AWS's `x-amz-mfa`, `mfa_code`) are the credential where the word ends the name or comes before the
// word for its value. Elsewhere such a value is a number or a word (`eu-west1a`, a model that `x-pin-model` pins),
// which, remembered, was hidden wherever it appears.
const valueNamingWord = /^(?:session|pin|mfa|[a-z]*otp)$/;
const valueWord = /^(?:id|code|number|value)s?$/;

/** Whether a request header's or query parameter's name says its value is a credential, to keep out of errors and logs. */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
  if (words.some((word) => passwordWord.test(word))) return true;
  if (describingWord.test(words.at(-1) ?? '')) return false;
  return words.some((word, index) => {
    if (valueNamingWord.test(word)) return index === words.length - 1 || valueWord.test(words[index + 1]!);
    return credentialNameWord.test(word) && !(/^keys?$/.test(word) && words[index - 1] === 'idempotency');
  });
}

/**
 * The credentials that one line of the header `name` sends, as `rememberRequestSecret` takes them: the value of a
 * header named as a credential's (`x-api-key`, `proxy-authorization`), without its auth scheme; a `Cookie`'s
 * sessions (see {@link cookieSecrets}); nothing for any other header.
 */
export function headerSecrets(name: string, line: string): string[] {
  if (name.toLowerCase() === 'cookie') return cookieSecrets(line);
  if (!isCredentialName(name)) return [];
  const scheme = /^(Bearer|Basic|Token)\s+/i.exec(line);
  const credential = line.slice(scheme?.[0].length ?? 0);
  if (scheme?.[1]!.toLowerCase() === 'basic') return [credential, ...basicSecrets(credential)];
  return scheme === null ? [credential, ...parameterSecrets(credential)] : [credential];
}

// Digest's `response`, AWS's `Signature`, OAuth 1's `oauth_signature` and `oauth_token`, HOBA's `result`: the
// parameters of a scheme that a server checks, which it may quote alone ("response 6629fae… does not match"). The
// line as a whole is remembered too, but was redacted only in its whole: a value quoted alone was found by no pattern.
// Not the others (`username`, `realm`, `nonce`, `Credential`'s access key id), which name and are no secret.
const parameter = /(?<![\w-])([\w-]+)[^\S\r\n]*=[^\S\r\n]*(?:"((?:[^"\\\r\n]|\\.)*)"?|([^\s,"]+))/g;
const checkedParameter = /^(?:response|result|[\w-]*signature|sig)$/i;

/** The values of an `Authorization` line's parameters that are credentials (see `checkedParameter`), without quotes. */
function parameterSecrets(credential: string): string[] {
  const secrets: string[] = [];
  for (const [, name, quoted, bare] of credential.matchAll(parameter)) {
    if (checkedParameter.test(name!) || isSecretName(name!)) secrets.push((quoted ?? bare)!.replace(/\\(.)/g, '$1'));
  }
  return secrets;
}

/**
 * A `Basic` credential decoded, `user:password` and the password alone, as a server that decoded it may quote
 * them ("user alice:… was refused", "bad password …"): the base64 a request sends is in no such message. The user
 * alone is no secret. Nothing for what is not base64 of a pair.
 */
function basicSecrets(credential: string): string[] {
  let bytes: string;
  try {
    bytes = atob(credential);
  } catch {
    return [];
  }
  // UTF-8, as browsers and curl encode a password beyond ASCII.
  const pair = new TextDecoder().decode(Uint8Array.from(bytes, (unit) => unit.charCodeAt(0)));
  const colon = pair.indexOf(':');
  return colon === -1 ? [] : [pair, pair.slice(colon + 1)];
}

// A cookie's value is a credential when it is long: a session id is random, and 64 bits of it at the least
// (OWASP) write as 16 hex digits or more (PHP's, Java's, ASP.NET's, Express's and a gateway's such as
// oauth2-proxy's are 24 to hundreds). A cookie is no credential by its name, as a header is: beside the session go
// preferences (`lang=en-US`, `theme=dark`, `tz=Europe/Berlin`), words that a remembered secret's 8 characters
// would let through and then redact wherever they appear, in what a model wrote too. Sixteen, as for the part of
// a key after its prefix (see formsOf in redact-secrets.ts), so that no common word is taken for one.
const minCookieSecretLength = 16;

// A cookie with a credential's name (`auth_token`, `api_key`, `sessionToken`, `csrftoken`, `sig`: see isCredentialName)
// is one, as such a header is, from the 8 characters of any credential sent (see minKnownKeyLength): `auth_token=abcd1234`
// is no preference. By the name's words, as a header's: inside another word (`keyboard`, `design`, `monkey`, `author`)
// the letters name a preference, whose value, a word of 8 to 15 characters, would be redacted wherever it appears.

/**
 * The values of a `Cookie` line's cookies of {@link minCookieSecretLength} characters or more (8 for a cookie with a
 * credential's name), without quotes
 * around them, and percent-decoded too when they were encoded (a server reads and logs `s:…` of `s%3A…`). The
 * value alone, not its `name=value` pair: the pair holds it, so an echo of the pair is redacted with it (plain,
 * URL-encoded, JSON-escaped), and each secret kept takes a place of the hundred remembered.
 */
function cookieSecrets(line: string): string[] {
  const secrets: string[] = [];
  for (const cookie of line.split(';')) {
    const equals = cookie.indexOf('=');
    const value = cookie
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const minimum = equals !== -1 && isCredentialName(cookie.slice(0, equals).trim()) ? minKnownKeyLength : minCookieSecretLength;
    if (value.length < minimum) continue;
    secrets.push(value);
    const decoded = percentDecoded(value);
    if (decoded !== value && decoded.length >= minimum) secrets.push(decoded);
  }
  return secrets;
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a lone % is not an encoding
  }
}
