import { isCredentialName } from './is-credential-name.js';
import { isSecretName } from './redact-named-values.js';
import { minKnownKeyLength } from './redact-secrets.js';

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
